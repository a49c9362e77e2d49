#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reading and writing for the format readers, with errors that
/// name the path and the system's reason.
public enum FileBytes {
    /// Every byte of the file at `path`.
    ///
    /// Throws a `FormatError` naming the path and the reason (missing,
    /// a directory, unreadable) instead of returning partial data.
    public static func load(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError("cannot open", path) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw systemError("cannot read", path)
        }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            throw FormatError("\(path): is a directory, not a file")
        }

        // st_size is only a hint (pipes and /proc files report 0), so read
        // until end of file, growing past it when needed.
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0))
        var filled = 0
        while true {
            if filled == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: 1 << 16))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(
                    descriptor, buffer.baseAddress! + filled,
                    buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw systemError("cannot read", path)
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Throws the error `load` would give when the file at `path` cannot
    /// be opened for reading or is a directory, without reading it: for
    /// stages that check their files before a pipeline runs.
    public static func checkReadable(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError("cannot open", path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw systemError("cannot read", path)
        }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            throw FormatError("\(path): is a directory, not a file")
        }
    }

    /// Replaces the file at `path` with `bytes`.
    public static func store(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(
            path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw systemError("cannot create", path) }
        defer { close(descriptor) }

        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(
                    descriptor, buffer.baseAddress! + written,
                    buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw systemError("cannot write", path)
            }
            written += count
        }
    }

    private static func systemError(_ what: String, _ path: String)
        -> FormatError
    {
        FormatError("\(what) \(path): \(String(cString: strerror(errno)))")
    }
}

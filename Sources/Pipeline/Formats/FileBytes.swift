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
        let (descriptor, status) = try openForReading(path)
        defer { close(descriptor) }

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
        close(try openForReading(path).descriptor)
    }

    /// An open descriptor of the file at `path` and its status; a
    /// directory, or a file that cannot be opened, is an error naming it.
    private static func openForReading(_ path: String) throws
        -> (descriptor: Int32, status: stat)
    {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError("cannot open", path) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = systemError("cannot read", path)
            close(descriptor)
            throw error
        }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            close(descriptor)
            throw FormatError("\(path): is a directory, not a file")
        }
        return (descriptor, status)
    }

    /// Replaces the file at `path` with `bytes`, making the folders above
    /// it that are missing. Every file-writing stage goes through here, so
    /// that a failure reads the same: `cannot create PATH: REASON`.
    public static func store(_ bytes: [UInt8], to path: String) throws {
        try makeFolders(above: path)
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

    /// Makes the missing folders above `path` (`a/b` for `a/b/c.png`).
    /// A part of the way that is a file is named: `cannot create a/b/c.png:
    /// a/b is a file, not a folder`.
    public static func makeFolders(above path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            .dropLast()
        var folder = ""
        for (index, part) in parts.enumerated() {
            folder += (index == 0 ? "" : "/") + part
            if part.isEmpty || part == "." { continue }
            var status = stat()
            if stat(folder, &status) == 0 {
                guard status.st_mode & S_IFMT == S_IFDIR else {
                    throw FormatError(
                        "cannot create \(path): \(folder) is a file, not a "
                            + "folder")
                }
                continue
            }
            guard errno == ENOENT, mkdir(folder, 0o755) == 0 || errno == EEXIST
            else { throw systemError("cannot create", path) }
        }
    }

    private static func systemError(_ what: String, _ path: String)
        -> FormatError
    {
        FormatError("\(what) \(path): \(String(cString: strerror(errno)))")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Something a stream can be read from, a few bytes at a time.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes; returns 0 only at end of input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Something a stream can be written to.
public protocol ByteSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// An in-memory byte source, for tests and for parsing files read whole.
public struct MemorySource: ByteSource {
    public let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func read(
        into buffer: UnsafeMutableRawBufferPointer
    ) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        if n > 0 {
            bytes.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(
                    from: source.baseAddress! + offset, byteCount: n)
            }
        }
        offset += n
        return n
    }
}

/// An in-memory byte sink.
public struct MemorySink: ByteSink {
    public var bytes: [UInt8] = []
    public init() {}
    public mutating func write(_ buffer: UnsafeRawBufferPointer) throws {
        bytes += buffer
    }
}

/// The downstream reader went away (`| head -c 100`): stop quietly.
public struct BrokenPipe: Error {}

/// A POSIX file descriptor, read and written with plain read(2)/write(2).
public struct FileDescriptor: ByteSource, ByteSink {
    public let fd: Int32
    public init(_ fd: Int32) { self.fd = fd }

    public static let standardInput = FileDescriptor(0)
    public static let standardOutput = FileDescriptor(1)
    public static let standardError = FileDescriptor(2)

    public var isTerminal: Bool { isatty(fd) == 1 }

    public mutating func read(
        into buffer: UnsafeMutableRawBufferPointer
    ) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw StreamError("cannot read input: \(String(cString: strerror(errno)))")
        }
    }

    public mutating func write(_ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(
                fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n >= 0 {
                offset += n
                continue
            }
            if errno == EINTR { continue }
            if errno == EPIPE { throw BrokenPipe() }
            throw StreamError(
                "cannot write output: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes a string (to stderr, say), ignoring failures.
    public func writeText(_ text: String) {
        var sink = self
        var bytes = Array(text.utf8)
        _ = try? bytes.withUnsafeMutableBytes { try sink.write(UnsafeRawBufferPointer($0)) }
    }
}

/// Reads an environment variable.
func getenvString(_ key: String) -> String? {
    guard let value = getenv(key) else { return nil }
    return String(cString: value)
}

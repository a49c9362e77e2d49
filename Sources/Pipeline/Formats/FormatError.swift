/// A file or byte buffer that does not hold what its format promises.
///
/// The description is one human sentence saying what was expected and what
/// was found, fit to follow `nnpipe <stage>: error: `. Errors thrown while
/// reading a file start with its path.
public struct FormatError: Error, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// The same error, prefixed with the path of the file it came from.
    public func reading(_ path: String) -> FormatError {
        FormatError("\(path): \(message)")
    }
}

/// Reads the file at `path` and decodes it with `body`, prefixing any
/// `FormatError` from `body` with the path. (Errors opening or reading the
/// file name the path already.)
func readingFile<Result>(
    _ path: String, _ body: ([UInt8]) throws -> Result
) throws -> Result {
    let bytes = try FileBytes.load(path)
    do {
        return try body(bytes)
    } catch let error as FormatError {
        throw error.reading(path)
    }
}

/// Bytes as hex pairs for messages: "4d 41 54".
func hexBytes(_ bytes: ArraySlice<UInt8>) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16)
        return byte < 16 ? "0" + digits : digits
    }.joined(separator: " ")
}

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
    func reading(_ path: String) -> FormatError {
        FormatError("\(path): \(message)")
    }
}

/// Runs `body` and prefixes any `FormatError` it throws with `path`.
func whileReading<Result>(
    _ path: String, _ body: () throws -> Result
) throws -> Result {
    do {
        return try body()
    } catch let error as FormatError {
        throw error.reading(path)
    }
}

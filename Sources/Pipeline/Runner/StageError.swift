/// An error a user can act on: it becomes one line on stderr,
/// `nnpipe <stage>: error: <message>`, and a nonzero exit status.
public struct StageError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable {
        /// Wrong words on the command line or in a pipeline file: exit 64.
        case usage
        /// Bad data or a failure while running: exit 1.
        case runtime
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func usage(_ message: String) -> StageError {
        StageError(.usage, message)
    }

    public static func runtime(_ message: String) -> StageError {
        StageError(.runtime, message)
    }

    public var description: String { message }

    /// The process exit status for this kind of error.
    public var exitStatus: Int32 { kind == .usage ? 64 : 1 }
}

/// An error raised while a named stage ran, so the message can name it.
public struct StageFailure: Error, CustomStringConvertible {
    public let stage: String
    public let underlying: Error

    public init(stage: String, underlying: Error) {
        self.stage = stage
        self.underlying = underlying
    }

    public var message: String {
        if let failure = underlying as? StageFailure { return failure.message }
        return "\(underlying)"
    }

    public var description: String { "nnpipe \(stage): error: \(message)" }

    public var exitStatus: Int32 {
        if let failure = underlying as? StageFailure {
            return failure.exitStatus
        }
        return (underlying as? StageError)?.exitStatus ?? 1
    }
}

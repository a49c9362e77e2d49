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

    /// The line printed for the user: `nnpipe <stage>: error: <message>`,
    /// with any line break in the message escaped so it stays one line.
    public var description: String {
        "nnpipe \(stage): error: \(singleLine(message))"
    }

    public var exitStatus: Int32 {
        if let failure = underlying as? StageFailure {
            return failure.exitStatus
        }
        return (underlying as? StageError)?.exitStatus ?? 1
    }
}

/// `text` with line breaks and other control characters written as escapes
/// (`\n`, `\r`, `\u{1B}`), so that a message naming a user's word stays on
/// one line of stderr. Tabs are kept.
public func singleLine(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result.unicodeScalars.append(scalar)
        case _ where scalar.value < 0x20 || scalar.value == 0x7F
            || scalar == "\u{2028}" || scalar == "\u{2029}":
            result += "\\u{" + String(scalar.value, radix: 16, uppercase: true)
                + "}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result
}

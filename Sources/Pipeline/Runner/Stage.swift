/// A step of a pipeline: reads records, writes records.
///
/// A stage declares its name, a one-line summary, its parameters and the
/// inputs it needs, so the runner can check them before any work starts
/// and say what is missing in the user's words. Stages pass on the records
/// they do not consume unless their help says otherwise.
public protocol Stage {
    /// The word that names the stage on the command line.
    static var name: String { get }
    /// One line for `nnpipe stages`.
    static var summary: String { get }
    /// Further paragraphs for `nnpipe STAGE --help`.
    static var help: String { get }
    static var parameters: [Parameter] { get }
    /// What the stage needs in its input stream.
    static var inputs: [InputSpec] { get }
    /// A source makes its records from files or parameters; as the first
    /// stage of a command line it reads nothing from stdin.
    static var isSource: Bool { get }
    /// A sink's real work is a file or a message; when its output would go
    /// to a terminal, the stream it passes on is dropped instead of refused.
    static var isSink: Bool { get }

    init(_ arguments: Arguments) throws

    /// The inputs this configured stage needs (by default `Self.inputs`);
    /// stages whose inputs depend on parameters override it.
    var expectedInputs: [InputSpec] { get }

    func run(_ records: [Record], context: StageContext) throws -> [Record]
}

extension Stage {
    public static var help: String { "" }
    public static var inputs: [InputSpec] { [] }
    public static var isSource: Bool { false }
    public static var isSink: Bool { false }
    public var expectedInputs: [InputSpec] { Self.inputs }

    /// Builds the stage from command-line words.
    public static func make(words: [String]) throws -> Self {
        try Self(Arguments(stage: name, parameters: parameters, words: words))
    }
}

/// One input a stage needs: a record found by name or by role, with an
/// allowed rank and dtype.
public struct InputSpec: Sendable, CustomStringConvertible {
    public let name: String?
    public let role: String?
    public let ranks: ClosedRange<Int>
    public let dtypes: [DType]?
    public let optional: Bool

    public init(
        name: String? = nil, role: String? = nil,
        ranks: ClosedRange<Int> = 0...StreamFormat.maxRank,
        dtypes: [DType]? = nil, optional: Bool = false
    ) {
        precondition(
            name != nil || role != nil,
            "[input] an input is found by name or by role")
        self.name = name
        self.role = role
        self.ranks = ranks
        self.dtypes = dtypes
        self.optional = optional
    }

    /// Whether a record is found by this spec, ignoring rank and dtype.
    public func finds(_ record: Record) -> Bool {
        if let name, record.name != name { return false }
        if let role, record.role != role { return false }
        return true
    }

    /// Why `record` does not fit, or nil when it does.
    public func mismatch(_ record: Record) -> String? {
        if !ranks.contains(record.rank) {
            return "rank \(record.rank), expected \(rankText)"
        }
        if let dtypes, !dtypes.contains(record.dtype) {
            return "dtype \(record.dtype.name), expected "
                + dtypes.map(\.name).joined(separator: " or ")
        }
        return nil
    }

    /// The record this spec picks: the last one it finds.
    public func pick(from records: [Record]) -> Record? {
        records.last(where: finds)
    }

    var rankText: String {
        if ranks == 0...StreamFormat.maxRank { return "any rank" }
        if ranks.lowerBound == ranks.upperBound {
            return "rank \(ranks.lowerBound)"
        }
        return "rank \(ranks.lowerBound) to \(ranks.upperBound)"
    }

    public var description: String {
        var words: [String] = []
        if let name { words.append("'\(name)'") }
        if let role { words.append("role \(role)") }
        words.append(rankText)
        if let dtypes {
            words.append(dtypes.map(\.name).joined(separator: "|"))
        }
        return "a tensor " + words.joined(separator: ", ")
    }
}

/// What a running stage may use besides its records.
public final class StageContext {
    /// Where messages go: one line each, prefixed `nnpipe <stage>: `.
    public let messages: (String) -> Void
    /// The process's stdout, for stages whose output is text, not a stream.
    public var standardOutput: any ByteSink
    /// Whether stderr is a terminal (progress bars instead of lines).
    public let stderrIsTerminal: Bool
    public let stageName: String

    public init(
        stageName: String,
        standardOutput: any ByteSink = FileDescriptor.standardOutput,
        stderrIsTerminal: Bool = false,
        messages: @escaping (String) -> Void
    ) {
        self.stageName = stageName
        self.standardOutput = standardOutput
        self.stderrIsTerminal = stderrIsTerminal
        self.messages = messages
    }

    /// A context that prints nothing, for tests.
    public static func silent(_ stageName: String = "test") -> StageContext {
        StageContext(
            stageName: stageName, standardOutput: MemorySink(),
            messages: { _ in })
    }

    /// Logs one line of progress or figures.
    public func log(_ line: String) { messages(line) }

    /// Writes text to stdout.
    public func writeOutput(_ text: String) throws {
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBytes {
            try standardOutput.write(UnsafeRawBufferPointer($0))
        }
    }
}

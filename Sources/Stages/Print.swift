/// Writes the stream's text records to stdout as plain text.
public struct Print: Stage {
    public static let name = "print"
    public static let summary = "write the stream's text records to stdout"
    public static let help = """
        Each record with role text is written as UTF-8, ending with a \
        newline. Other records are consumed silently: nothing passes on. A \
        stream without text prints nothing; name= must name a text record \
        of the stream.
        """
    public static let parameters: [Parameter] = [
        Parameter(
            "name", .string, default: "",
            help: "print only the text record of this name"),
    ]
    public static let isSink = true

    let only: String

    public init(_ arguments: Arguments) throws {
        only = arguments.string("name")
    }

    /// With name=, the runner checks that a text record of that name is
    /// there.
    public var expectedInputs: [InputSpec] {
        only.isEmpty ? [] : [InputSpec(name: only, role: "text")]
    }

    public func run(_ records: [Record], context: StageContext) throws -> [Record] {
        for record in records where record.role == "text" {
            if !only.isEmpty && record.name != only { continue }
            guard var text = record.text else { continue }
            if text.isEmpty { continue }
            if !text.hasSuffix("\n") { text += "\n" }
            try context.writeOutput(text)
        }
        return []
    }
}

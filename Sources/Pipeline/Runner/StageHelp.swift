/// The text of `nnpipe STAGE --help`.
public func helpText(for stage: any Stage.Type) -> String {
    var lines = ["usage: nnpipe \(stage.name)"
        + (stage.parameters.contains { $0.positional } ? " [FILE ...]" : "")
        + (stage.parameters.isEmpty ? "" : " [key=value ...]"),
        "", stage.summary]
    if !stage.help.isEmpty {
        lines += ["", wrap(stage.help, width: 78)]
    }
    if !stage.parameters.isEmpty {
        lines += ["", "parameters:"]
        for parameter in stage.parameters {
            let value = parameter.defaultValue.map {
                $0.isEmpty ? "(none)" : $0
            } ?? "required"
            var head = "  \(parameter.name)=<\(parameter.kindName)>"
            if let range = parameter.range {
                head += " in \(number(range.lowerBound))..."
                    + "\(number(range.upperBound))"
            }
            head += "  default: \(value)"
            if parameter.positional { head += "  (also as bare words)" }
            lines.append(head)
            lines.append(wrap(parameter.help, width: 74, indent: "      "))
        }
    }
    let inputs = stage.inputs
    lines += ["", "input: " + (stage.isSource && inputs.isEmpty
        ? "none (a source; in a pipeline it adds to the stream)"
        : inputs.isEmpty ? "any stream"
        : inputs.map { $0.optional ? "\($0) (optional)" : "\($0)" }
            .joined(separator: "; "))]
    return lines.joined(separator: "\n") + "\n"
}

private func number(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}

/// Wraps a paragraph at `width` columns.
public func wrap(_ text: String, width: Int, indent: String = "") -> String {
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = indent
        for word in paragraph.split(separator: " ") {
            if line.count > indent.count && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        lines.append(line)
    }
    return lines.joined(separator: "\n")
}

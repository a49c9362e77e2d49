/// A named parameter of a stage, written `key=value` on the command line
/// and in pipeline files.
public struct Parameter: Sendable {
    public enum Kind: Sendable {
        case int, double, bool, string, path
        /// Comma-separated integers, e.g. `layers=1024,64,36`.
        case intList
        /// One of a fixed set of words.
        case choice([String])
    }

    public let name: String
    public let kind: Kind
    /// The default as written on the command line; nil means required.
    public let defaultValue: String?
    public let help: String
    /// Bounds for numeric values (and for every element of an int list).
    public let range: ClosedRange<Double>?
    /// Bare words on the command line (`nnpipe load a.jpg`) go here.
    public let positional: Bool

    public init(
        _ name: String, _ kind: Kind, default defaultValue: String?,
        range: ClosedRange<Double>? = nil, positional: Bool = false,
        help: String
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.range = range
        self.positional = positional
        self.help = help
        // An empty default means "none"; any other must pass its own check,
        // or the typed getters would trap on the user's first run.
        if let defaultValue, !defaultValue.isEmpty,
            let problem = problem(with: defaultValue)
        {
            preconditionFailure("[parameter] bad default: \(problem)")
        }
    }

    var kindName: String {
        switch kind {
        case .int: return "integer"
        case .double: return "number"
        case .bool: return "true|false"
        case .string: return "text"
        case .path: return "path"
        case .intList: return "integers, comma-separated"
        case .choice(let words): return words.joined(separator: "|")
        }
    }

    /// Checks one value; returns a message naming what is wrong, or nil.
    func problem(with value: String) -> String? {
        func outOfRange(_ x: Double) -> String? {
            guard let range, !range.contains(x) else { return nil }
            return "\(name)=\(value) is out of range "
                + "\(format(range.lowerBound))...\(format(range.upperBound))"
        }
        switch kind {
        case .int:
            guard let x = Int(value) else {
                return "\(name)=\(value) is not an integer"
            }
            return outOfRange(Double(x))
        case .double:
            guard let x = Double(value), x.isFinite else {
                return "\(name)=\(value) is not a finite number"
            }
            return outOfRange(x)
        case .bool:
            return Arguments.parseBool(value) == nil
                ? "\(name)=\(value) is not true or false" : nil
        case .string:
            return nil
        case .path:
            return value.isEmpty ? "\(name)= needs a path" : nil
        case .intList:
            let parts = value.split(separator: ",", omittingEmptySubsequences: false)
            for part in parts {
                guard let x = Int(part) else {
                    return "\(name)=\(value) is not a comma-separated list "
                        + "of integers"
                }
                if let message = outOfRange(Double(x)) { return message }
            }
            return nil
        case .choice(let words):
            return words.contains(value) ? nil
                : "\(name)=\(value) is not one of "
                    + words.joined(separator: ", ")
        }
    }

    private func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// The parameter values a stage was given, checked against its declared
/// parameters, with defaults filled in.
public struct Arguments: Sendable {
    public let stage: String
    public private(set) var values: [String: String]
    public private(set) var positionals: [String]
    /// The parameters the user set, rather than leaving to their defaults.
    public private(set) var given: Set<String> = []
    public let parameters: [Parameter]

    /// Parses `key=value` words (and bare words, when the stage has a
    /// positional parameter). Unknown keys, bad values and missing
    /// required parameters are usage errors.
    public init(stage: String, parameters: [Parameter], words: [String]) throws {
        self.stage = stage
        self.parameters = parameters
        var values: [String: String] = [:]
        var positionals: [String] = []
        let positional = parameters.first { $0.positional }

        for word in words {
            if let (key, value) = Arguments.keyValue(word) {
                guard let parameter = parameters.first(where: { $0.name == key })
                else {
                    throw StageError.usage(
                        "unknown parameter '\(key)' (parameters: "
                            + Arguments.names(parameters) + ")")
                }
                if let problem = parameter.problem(with: value) {
                    throw StageError.usage(problem)
                }
                try Arguments.set(key, value, in: &values)
            } else if let positional {
                if let problem = positional.problem(with: word) {
                    throw StageError.usage(problem)
                }
                positionals.append(word)
            } else {
                throw StageError.usage(
                    "unexpected word '\(word)': parameters are written "
                        + "key=value (parameters: "
                        + Arguments.names(parameters) + ")")
            }
        }
        self.given = Set(values.keys)
        if let positional, values[positional.name] != nil,
            let word = positionals.first
        {
            throw StageError.usage(
                "\(positional.name)= and the bare word '\(word)' both give "
                    + "\(positional.name); write one or the other")
        }

        if let positional, values[positional.name] == nil,
            let first = positionals.first
        {
            values[positional.name] = first
        }
        for parameter in parameters where values[parameter.name] == nil {
            guard let value = parameter.defaultValue else {
                throw StageError.usage(
                    "missing required parameter \(parameter.name)=<"
                        + "\(parameter.kindName)>")
            }
            values[parameter.name] = value
        }
        self.values = values
        self.positionals = positionals
    }

    /// Splits `key=value` when `key` is a word (letters, digits, `_`, `-`,
    /// starting with a letter); anything else is a bare word, such as a
    /// path.
    /// Records `key=value` in `values`; a key given before is a usage
    /// error, wherever parameters are collected (stages, pipeline-file
    /// overrides, the words a benchmark passes on).
    public static func set(
        _ key: String, _ value: String, in values: inout [String: String]
    ) throws {
        if let earlier = values[key] {
            throw StageError.usage(
                "parameter \(key) is given twice (\(key)=\(earlier) and "
                    + "\(key)=\(value))")
        }
        values[key] = value
    }

    static func keyValue(_ word: String) -> (String, String)? {
        guard let equals = word.firstIndex(of: "=") else { return nil }
        let key = word[..<equals]
        guard let first = key.first, first.isLetter,
            key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        else { return nil }
        return (String(key), String(word[word.index(after: equals)...]))
    }

    static func names(_ parameters: [Parameter]) -> String {
        parameters.isEmpty ? "none"
            : parameters.map(\.name).joined(separator: ", ")
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: return nil
        }
    }

    private func raw(_ name: String) -> String {
        guard let value = values[name] else {
            preconditionFailure(
                "[arguments] stage \(stage) reads undeclared parameter \(name)")
        }
        return value
    }

    public func string(_ name: String) -> String { raw(name) }
    public func int(_ name: String) -> Int { Int(raw(name))! }
    public func double(_ name: String) -> Double { Double(raw(name))! }
    public func float(_ name: String) -> Float { Float(double(name)) }
    public func bool(_ name: String) -> Bool { Arguments.parseBool(raw(name))! }
    public func intList(_ name: String) -> [Int] {
        raw(name).split(separator: ",").map { Int($0)! }
    }
    /// Every bare word given for the positional parameter (`load a b c`),
    /// or the parameter's single value.
    public func strings(_ name: String) -> [String] {
        positionals.isEmpty ? [raw(name)].filter { !$0.isEmpty } : positionals
    }
    /// Whether the user set this parameter rather than taking the default.
    public func isSet(_ name: String) -> Bool { given.contains(name) }
}

/// A text pipeline file: one stage per line, written exactly as on the
/// command line.
///
///     # OCR of one photo
///     param image=images/01_list.jpg    # overridable: image=other.jpg
///     load $image
///     binarize
///     print
///
/// Words split on blanks; '…' and "…" quote, `\` escapes the next
/// character, a trailing `\` joins the next line, and `#` at the start of
/// a word begins a comment. `$name` or `${name}` stands for a parameter
/// (not inside single quotes). `param name=default` declares one;
/// `param name` declares one the caller must give. `$dir` is built in:
/// the folder that holds the pipeline file (`.` when the path has none),
/// so a file can name its neighbours wherever it is run from.
/// A trailing `\` on the last line of the file is an error.
public struct PipelineFile: Sendable {
    public struct Step: Sendable {
        public var stage: String
        public var words: [String]
        /// `path:line`, for messages.
        public var location: String
    }

    struct Line {
        var words: [Word]
        var number: Int
    }

    /// A word as written: its pieces, literal or `$name`.
    struct Word {
        enum Piece { case literal(String), variable(String) }
        var pieces: [Piece]
    }

    public let path: String
    /// The built-in parameter that holds the pipeline file's folder.
    public static let folderParameter = "dir"
    /// Declared parameters in order, with defaults (nil: required).
    public private(set) var parameters: [(name: String, defaultValue: String?)] = []
    private var lines: [Line] = []

    /// Parses a pipeline file's text; `path` is used in messages.
    public init(text: String, path: String) throws {
        self.path = path
        var pending: [Word] = []
        var pendingStart = 0
        var number = 0
        // The line of a `\` that no line with words has followed yet.
        var dangling: Int?
        // "\r\n" is one Character in Swift, so it must be named as a line
        // end of its own for files saved with Windows line ends.
        for rawLine in text.split(
            omittingEmptySubsequences: false,
            whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        {
            number += 1
            if pending.isEmpty { pendingStart = number }
            let line = String(rawLine)
            let (words, continues) = try PipelineFile.split(
                line, location: "\(path):\(number)")
            pending += words
            if continues {
                dangling = number
                continue
            }
            if !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                dangling = nil
            }
            if !pending.isEmpty {
                try add(Line(words: pending, number: pendingStart))
            }
            pending = []
        }
        if let dangling {
            throw StageError.usage(
                "\(path):\(dangling): '\\' at the end of the file continues "
                    + "onto no line")
        }
        if !pending.isEmpty {
            try add(Line(words: pending, number: pendingStart))
        }
        if lines.isEmpty {
            throw StageError.usage("\(path): the pipeline has no stages")
        }
    }

    private mutating func add(_ line: Line) throws {
        let location = "\(path):\(line.number)"
        guard case .literal(let first)? = line.words[0].pieces.first,
            line.words[0].pieces.count == 1
        else {
            throw StageError.usage(
                "\(location): a line must start with a stage name or 'param'")
        }
        for word in line.words {
            if case .literal("|")? = word.pieces.first, word.pieces.count == 1 {
                throw StageError.usage(
                    "\(location): '|' joins stages in a shell; a pipeline "
                        + "file takes one stage per line")
            }
        }
        guard first == "param" else {
            lines.append(line)
            return
        }
        guard line.words.count > 1 else {
            throw StageError.usage("\(location): 'param' needs name=default")
        }
        for word in line.words.dropFirst() {
            let text = try word.literalText(
                location: location, folder: folder)
            let name: String
            let value: String?
            if let (key, v) = Arguments.keyValue(text),
                PipelineFile.isVariableName(key)
            {
                (name, value) = (key, v)
            } else if PipelineFile.isVariableName(text) {
                (name, value) = (text, nil)
            } else {
                throw StageError.usage(
                    "\(location): '\(text)' is not a parameter declaration "
                        + "(write name=default)")
            }
            if name == PipelineFile.folderParameter {
                throw StageError.usage(
                    "\(location): parameter '\(name)' is built in (the "
                        + "pipeline file's folder) and cannot be declared")
            }
            if parameters.contains(where: { $0.name == name }) {
                throw StageError.usage(
                    "\(location): parameter '\(name)' is declared twice")
            }
            parameters.append((name, value))
        }
    }

    /// Whether `$text` can name a parameter: a letter, then letters,
    /// digits and `_`.
    static func isVariableName(_ text: String) -> Bool {
        text.first?.isLetter == true
            && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The steps, with `$name` replaced by the caller's values or the
    /// declared defaults.
    public func steps(overrides: [String: String] = [:]) throws -> [Step] {
        let folderName = PipelineFile.folderParameter
        if overrides[folderName] != nil {
            throw StageError.usage(
                "\(folderName)= is built in (the folder of \(path)) and "
                    + "cannot be set")
        }
        let declared = Set(parameters.map(\.name) + [folderName])
        for key in overrides.keys.sorted() where !declared.contains(key) {
            let names = parameters.isEmpty ? "none"
                : parameters.map(\.name).joined(separator: ", ")
            throw StageError.usage(
                "\(path) has no parameter '\(key)' (parameters: \(names))")
        }
        var values: [String: String] = [folderName: folder]
        for (name, defaultValue) in parameters {
            guard let value = overrides[name] ?? defaultValue else {
                throw StageError.usage(
                    "\(path) needs \(name)=… on the command line")
            }
            values[name] = value
        }

        return try lines.map { line in
            let location = "\(path):\(line.number)"
            let words = try line.words.map { word in
                try word.pieces.map { piece -> String in
                    switch piece {
                    case .literal(let text): return text
                    case .variable(let name):
                        guard declared.contains(name) else {
                            throw StageError.usage(
                                "\(location): $\(name) is not a declared "
                                    + "parameter (add 'param \(name)=…')")
                        }
                        return values[name]!
                    }
                }.joined()
            }
            return Step(
                stage: words[0], words: Array(words.dropFirst()),
                location: location)
        }
    }

    /// The folder of `path`: everything before its last `/`, `/` for a
    /// file in the root, `.` for a bare file name.
    public var folder: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Splits one line into words; the flag says a trailing `\` continues it.
    static func split(
        _ line: String, location: String
    ) throws -> ([Word], Bool) {
        var words: [Word] = []
        var pieces: [Word.Piece] = []
        var literal = ""
        var inWord = false
        var quote: Character?
        var chars = Array(line)[...]

        func flushLiteral() {
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            literal = ""
        }
        func endWord() {
            flushLiteral()
            if inWord { words.append(Word(pieces: pieces)) }
            pieces = []
            inWord = false
        }

        while let c = chars.popFirst() {
            if quote == "'" {
                if c == "'" { quote = nil } else { literal.append(c) }
                continue
            }
            if c == "\\" {
                guard let next = chars.popFirst() else {
                    if quote != nil {
                        throw StageError.usage(
                            "\(location): unterminated quote")
                    }
                    endWord()
                    return (words, true)
                }
                literal.append(next)
                inWord = true
                continue
            }
            if c == "$" {
                let name: String
                if chars.first == "{" {
                    chars.removeFirst()
                    guard let close = chars.firstIndex(of: "}") else {
                        throw StageError.usage("\(location): '${' without '}'")
                    }
                    name = String(chars[..<close])
                    chars = chars[chars.index(after: close)...]
                } else {
                    let end = chars.firstIndex {
                        !($0.isLetter || $0.isNumber || $0 == "_")
                    } ?? chars.endIndex
                    name = String(chars[..<end])
                    chars = chars[end...]
                }
                guard !name.isEmpty else {
                    throw StageError.usage(
                        "\(location): '$' must be followed by a parameter "
                            + "name (write \\$ for a dollar sign)")
                }
                flushLiteral()
                pieces.append(.variable(name))
                inWord = true
                continue
            }
            if quote == "\"" {
                if c == "\"" { quote = nil } else { literal.append(c) }
                continue
            }
            if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == " " || c == "\t" {
                endWord()
            } else if c == "#" && !inWord {
                break
            } else {
                literal.append(c)
                inWord = true
            }
        }
        if quote != nil {
            throw StageError.usage("\(location): unterminated quote")
        }
        endWord()
        return (words, false)
    }
}

extension PipelineFile.Word {
    /// The word's text; `$dir` becomes `folder`, any other `$name` is an
    /// error (a default cannot use another parameter).
    func literalText(location: String, folder: String) throws -> String {
        try pieces.map { piece -> String in
            switch piece {
            case .literal(let text):
                return text
            case .variable(PipelineFile.folderParameter):
                return folder
            case .variable:
                throw StageError.usage(
                    "\(location): a parameter default cannot use $ (only "
                        + "$\(PipelineFile.folderParameter))")
            }
        }.joined()
    }
}

/// The dictionary at the start of an NPY file, such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (64, 3), }`.
struct NPYHeader: Equatable {
    var type: NumericType
    var bigEndian: Bool
    var fortranOrder: Bool
    var shape: [Int]

    init(type: NumericType, shape: [Int]) {
        self.type = type
        self.bigEndian = false
        self.fortranOrder = false
        self.shape = shape
    }

    /// Parses the header text, a Python dict literal.
    init(parsing text: [UInt8]) throws {
        var parser = PythonLiteralParser(text)
        let entries = try parser.dictionary()
        guard case .string(let descr)? = entries["descr"] else {
            throw FormatError("the NPY header has no 'descr' string")
        }
        guard case .bool(let fortranOrder)? = entries["fortran_order"] else {
            throw FormatError("the NPY header has no 'fortran_order' flag")
        }
        guard case .tuple(let shape)? = entries["shape"],
            shape.allSatisfy({ $0 >= 0 })
        else {
            throw FormatError("the NPY header has no 'shape' tuple")
        }
        (type, bigEndian) = try NPYHeader.parseDescr(descr)
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// The header as numpy writes it, without padding.
    var text: String {
        let dimensions = shape.map(String.init)
        let tuple = dimensions.count == 1
            ? "(\(dimensions[0]),)"
            : "(" + dimensions.joined(separator: ", ") + ")"
        let order = fortranOrder ? "True" : "False"
        return "{'descr': '\(descr)', 'fortran_order': \(order), "
            + "'shape': \(tuple), }"
    }

    var descr: String {
        let order = type.byteWidth == 1 ? "|" : bigEndian ? ">" : "<"
        let kinds: [NumericType: String] = [
            .uint8: "u1", .int8: "i1", .uint16: "u2", .int16: "i2",
            .uint32: "u4", .int32: "i4", .uint64: "u8", .int64: "i8",
            .float32: "f4", .float64: "f8",
        ]
        return order + kinds[type]!
    }

    /// Reads a numpy type string: a byte order (`<` little, `>` big, `|`
    /// not applicable, `=` native), a kind and a width in bytes. Booleans
    /// (`|b1`) read as uint8.
    private static func parseDescr(
        _ descr: String
    ) throws -> (NumericType, bigEndian: Bool) {
        let kinds: [String: NumericType] = [
            "u1": .uint8, "i1": .int8, "b1": .uint8, "u2": .uint16,
            "i2": .int16, "u4": .uint32, "i4": .int32, "u8": .uint64,
            "i8": .int64, "f4": .float32, "f8": .float64,
        ]
        let order = descr.first
        guard let order, "<>|=".contains(order),
            let type = kinds[String(descr.dropFirst())]
        else {
            throw FormatError(
                "NPY dtype '\(descr)' is not supported; expected a bool, "
                    + "integer, float32 or float64 type such as '<f4'")
        }
        return (type, order == ">")
    }
}

/// The few Python literals an NPY header holds: strings, True/False,
/// integers and tuples of integers, inside one dict.
enum PythonLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case tuple([Int])
}

/// A recursive-descent parser for the dict literal of an NPY header.
struct PythonLiteralParser {
    private let text: [UInt8]
    private var position = 0

    init(_ text: [UInt8]) {
        self.text = text
    }

    mutating func dictionary() throws -> [String: PythonLiteral] {
        try expect("{")
        var entries = [String: PythonLiteral]()
        while try peek() != UInt8(ascii: "}") {
            guard case .string(let key) = try literal() else {
                throw failure("a string key")
            }
            try expect(":")
            entries[key] = try literal()
            if try peek() == UInt8(ascii: ",") { position += 1 }
        }
        position += 1
        return entries
    }

    private mutating func literal() throws -> PythonLiteral {
        let first = try peek()
        switch first {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            position += 1
            guard let close = text[position...].firstIndex(of: first) else {
                throw failure("a closing quote")
            }
            defer { position = close + 1 }
            return .string(String(decoding: text[position..<close], as: UTF8.self))
        case UInt8(ascii: "("):
            position += 1
            var integers = [Int]()
            while try peek() != UInt8(ascii: ")") {
                guard case .integer(let integer) = try literal() else {
                    throw failure("an integer in the tuple")
                }
                integers.append(integer)
                if try peek() == UInt8(ascii: ",") { position += 1 }
            }
            position += 1
            return .tuple(integers)
        default:
            let start = position
            while position < text.count,
                text[position] == UInt8(ascii: "_")
                    || (48...57).contains(text[position])
                    || (65...90).contains(text[position] & 0xDF)
            {
                position += 1
            }
            // Python 2 wrote long integers with a trailing L: (3L, 4L).
            var word = String(decoding: text[start..<position], as: UTF8.self)
            if word == "True" { return .bool(true) }
            if word == "False" { return .bool(false) }
            if word.hasSuffix("L") { word.removeLast() }
            guard let integer = Int(word) else {
                throw failure("a string, True, False, an integer or a tuple")
            }
            return .integer(integer)
        }
    }

    /// The next character that is not a space, without consuming it.
    private mutating func peek() throws -> UInt8 {
        while position < text.count, text[position] == 32 || text[position] == 10 {
            position += 1
        }
        guard position < text.count else {
            throw FormatError("the NPY header ends before its dict does")
        }
        return text[position]
    }

    private mutating func expect(_ character: Unicode.Scalar) throws {
        guard try peek() == UInt8(ascii: character) else {
            throw failure("'\(character)'")
        }
        position += 1
    }

    private func failure(_ expected: String) -> FormatError {
        let found = position < text.count
            ? "'" + String(decoding: text[position...].prefix(12), as: UTF8.self) + "'"
            : "the end"
        return FormatError(
            "the NPY header should have \(expected) at character "
                + "\(position), found \(found)")
    }
}

/// One numeric variable from a MATLAB MAT-file.
///
/// `shape` is MATLAB's size in MATLAB's order: `[rows, columns, pages…]`,
/// always at least two dimensions, so a vector is `[1, n]` or `[n, 1]`.
/// `values` are reordered from MATLAB's column-major order to row-major,
/// so for shape `[n, 1024]` row `i` is the 1024 values from `i * 1024`.
///
/// Each MATLAB class keeps its own Swift element type: double → `Double`,
/// single → `Float`, int8 … uint64 → `Int8` … `UInt64`. A logical array
/// reads as uint8 zeros and ones, which is how MATLAB stores it.
public struct MATVariable: Equatable, Sendable {
    public var name: String
    public var shape: [Int]
    public var values: NumericValues

    public init(name: String, shape: [Int], values: NumericValues) {
        precondition(
            NumericArray.count(of: shape) == values.count,
            "MAT variable '\(name)' of shape \(shape) given \(values.count) values")
        self.name = name
        self.shape = shape
        self.values = values
    }

    /// The shape and values without the name.
    public var array: NumericArray {
        NumericArray(shape: shape, values: values)
    }
}

/// The array classes of MAT-file matrices (mxCLASS codes).
enum MATClass: UInt32 {
    case cell = 1, structure, object, char, sparse
    case double, single, int8, uint8, int16, uint16, int32, uint32
    case int64, uint64
    case function, opaque

    /// The element type of a numeric class; nil for the others.
    var numericType: NumericType? {
        switch self {
        case .double: .float64
        case .single: .float32
        case .int8: .int8
        case .uint8: .uint8
        case .int16: .int16
        case .uint16: .uint16
        case .int32: .int32
        case .uint32: .uint32
        case .int64: .int64
        case .uint64: .uint64
        default: nil
        }
    }

    /// What an unsupported class is, for "variable 'x' is …".
    var kind: String {
        switch self {
        case .cell: "a cell array"
        case .structure: "a struct"
        case .object: "an object"
        case .char: "a char array"
        case .sparse: "a sparse matrix"
        case .function: "a function handle"
        case .opaque: "an opaque object (a MATLAB class instance)"
        default: "a \(numericType!.rawValue) matrix"
        }
    }
}

/// The data types of MAT-file data elements (miTYPE codes).
enum MATDataType: UInt32 {
    case int8 = 1, uint8, int16, uint16, int32, uint32, single
    case double = 9
    case int64 = 12, uint64, matrix, compressed, utf8, utf16, utf32

    /// The element type of a numeric data type; nil for the others.
    var numericType: NumericType? {
        switch self {
        case .int8: .int8
        case .uint8: .uint8
        case .int16: .int16
        case .uint16: .uint16
        case .int32: .int32
        case .uint32: .uint32
        case .single: .float32
        case .double: .float64
        case .int64: .int64
        case .uint64: .uint64
        default: nil
        }
    }

    /// A name for messages: "miINT32 (5)".
    static func describe(_ code: UInt32) -> String {
        guard let type = MATDataType(rawValue: code) else {
            return "unknown data type \(code)"
        }
        return "mi\(String(describing: type).uppercased()) (\(code))"
    }
}

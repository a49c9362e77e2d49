/// The element types a stream record can carry.
///
/// The raw value is the code written in a record header; codes are part of
/// the stream format (docs/stream-format.md) and never change meaning.
public enum DType: UInt8, CaseIterable, Sendable {
    case float32 = 1
    case float64 = 2
    case uint8 = 3
    case int32 = 4
    case int64 = 5
    case uint16 = 6

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .uint8: return 1
        case .uint16: return 2
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        }
    }

    /// The name used in messages and in `info`, e.g. `float32`.
    public var name: String { "\(self)" }

    /// The numpy dtype string of the same little-endian layout.
    public var numpyCode: String {
        switch self {
        case .float32: return "<f4"
        case .float64: return "<f8"
        case .uint8: return "|u1"
        case .uint16: return "<u2"
        case .int32: return "<i4"
        case .int64: return "<i8"
        }
    }
}

/// A record's elements, in C order, kept in their own type.
public enum TensorData: Equatable, Sendable {
    case float32([Float])
    case float64([Double])
    case uint8([UInt8])
    case uint16([UInt16])
    case int32([Int32])
    case int64([Int64])

    public var dtype: DType {
        switch self {
        case .float32: return .float32
        case .float64: return .float64
        case .uint8: return .uint8
        case .uint16: return .uint16
        case .int32: return .int32
        case .int64: return .int64
        }
    }

    public var count: Int {
        switch self {
        case .float32(let v): return v.count
        case .float64(let v): return v.count
        case .uint8(let v): return v.count
        case .uint16(let v): return v.count
        case .int32(let v): return v.count
        case .int64(let v): return v.count
        }
    }

    /// Every element converted to Float (float64 and int64 may round).
    public var floats: [Float] {
        switch self {
        case .float32(let v): return v
        case .float64(let v): return v.map { Float($0) }
        case .uint8(let v): return v.map { Float($0) }
        case .uint16(let v): return v.map { Float($0) }
        case .int32(let v): return v.map { Float($0) }
        case .int64(let v): return v.map { Float($0) }
        }
    }

    /// Every element converted to Double (int64 beyond 2^53 may round).
    public var doubles: [Double] {
        switch self {
        case .float32(let v): return v.map { Double($0) }
        case .float64(let v): return v
        case .uint8(let v): return v.map { Double($0) }
        case .uint16(let v): return v.map { Double($0) }
        case .int32(let v): return v.map { Double($0) }
        case .int64(let v): return v.map { Double($0) }
        }
    }

    /// Calls `body` with the elements' raw little-endian bytes.
    public func withUnsafeBytes<R>(
        _ body: (UnsafeRawBufferPointer) throws -> R
    ) rethrows -> R {
        switch self {
        case .float32(let v): return try v.withUnsafeBytes(body)
        case .float64(let v): return try v.withUnsafeBytes(body)
        case .uint8(let v): return try v.withUnsafeBytes(body)
        case .uint16(let v): return try v.withUnsafeBytes(body)
        case .int32(let v): return try v.withUnsafeBytes(body)
        case .int64(let v): return try v.withUnsafeBytes(body)
        }
    }

    /// Builds `count` elements of `dtype` by letting `fill` write their
    /// bytes; `fill` returns false when it could not (short input).
    static func make(
        _ dtype: DType, count: Int,
        fill: (UnsafeMutableRawBufferPointer) throws -> Bool
    ) throws -> TensorData? {
        func build<T>(_: T.Type) throws -> [T]? {
            var ok = true
            let values = try [T](unsafeUninitializedCapacity: count) {
                buffer, initialized in
                ok = try fill(UnsafeMutableRawBufferPointer(buffer))
                // Elements are plain numbers: any bytes are valid values.
                initialized = count
            }
            return ok ? values : nil
        }
        switch dtype {
        case .float32: return try build(Float.self).map { .float32($0) }
        case .float64: return try build(Double.self).map { .float64($0) }
        case .uint8: return try build(UInt8.self).map { .uint8($0) }
        case .uint16: return try build(UInt16.self).map { .uint16($0) }
        case .int32: return try build(Int32.self).map { .int32($0) }
        case .int64: return try build(Int64.self).map { .int64($0) }
        }
    }
}

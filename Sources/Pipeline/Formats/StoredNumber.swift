/// A number as wide as any stored element, used to convert between element
/// types without losing what fits.
enum WideNumber {
    case signed(Int64)
    case unsigned(UInt64)
    case real(Double)

    var double: Double {
        switch self {
        case .signed(let value): Double(value)
        case .unsigned(let value): Double(value)
        case .real(let value): value
        }
    }
}

/// A fixed-width number type that files store as raw bytes in either byte
/// order.
protocol StoredNumber: Sendable, Equatable {
    /// The raw bit pattern, which is what byte order applies to.
    associatedtype Bits: FixedWidthInteger

    init(bits: Bits)
    var bits: Bits { get }
    var widened: WideNumber { get }
    /// The value, or nil when it does not fit exactly in `Self`.
    init?(exactly value: WideNumber)
    static func wrap(_ values: [Self]) -> NumericValues
}

extension StoredNumber {
    /// Reads `count` elements from `raw`, which may be unaligned.
    static func load(
        _ raw: UnsafeRawBufferPointer, count: Int, bigEndian: Bool
    ) -> [Self] {
        precondition(
            count * MemoryLayout<Bits>.size <= raw.count,
            "load of \(count) elements from \(raw.count) bytes")
        let swap = bigEndian != (1.bigEndian == 1)
        return [Self](unsafeUninitializedCapacity: count) { buffer, filled in
            guard count > 0 else { return }
            let target = UnsafeMutableRawBufferPointer(buffer)
            target.copyMemory(from: UnsafeRawBufferPointer(
                rebasing: raw[..<(count * MemoryLayout<Bits>.size)]))
            if swap {
                for index in 0..<count {
                    buffer[index] = Self(bits: buffer[index].bits.byteSwapped)
                }
            }
            filled = count
        }
    }

    /// The elements as little-endian bytes.
    static func littleEndianBytes(_ values: [Self]) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * MemoryLayout<Bits>.size)
        if 1.littleEndian == 1 {
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        } else {
            for value in values {
                withUnsafeBytes(of: value.bits.littleEndian) {
                    bytes.append(contentsOf: $0)
                }
            }
        }
        return bytes
    }
}

extension StoredNumber where Self: FixedWidthInteger {
    init(bits: Self) { self = bits }
    var bits: Self { self }

    var widened: WideNumber {
        Self.isSigned ? .signed(Int64(self)) : .unsigned(UInt64(self))
    }

    init?(exactly value: WideNumber) {
        switch value {
        case .signed(let integer): self.init(exactly: integer)
        case .unsigned(let integer): self.init(exactly: integer)
        case .real(let real): self.init(exactly: real)
        }
    }
}

extension StoredNumber where Self: BinaryFloatingPoint {
    var widened: WideNumber { .real(Double(self)) }

    init?(exactly value: WideNumber) {
        switch value {
        case .signed(let integer): self.init(integer)
        case .unsigned(let integer): self.init(integer)
        case .real(let real): self.init(real)
        }
    }
}

extension UInt8: StoredNumber {
    static func wrap(_ values: [UInt8]) -> NumericValues { .uint8(values) }
}
extension Int8: StoredNumber {
    static func wrap(_ values: [Int8]) -> NumericValues { .int8(values) }
}
extension UInt16: StoredNumber {
    static func wrap(_ values: [UInt16]) -> NumericValues { .uint16(values) }
}
extension Int16: StoredNumber {
    static func wrap(_ values: [Int16]) -> NumericValues { .int16(values) }
}
extension UInt32: StoredNumber {
    static func wrap(_ values: [UInt32]) -> NumericValues { .uint32(values) }
}
extension Int32: StoredNumber {
    static func wrap(_ values: [Int32]) -> NumericValues { .int32(values) }
}
extension UInt64: StoredNumber {
    static func wrap(_ values: [UInt64]) -> NumericValues { .uint64(values) }
}
extension Int64: StoredNumber {
    static func wrap(_ values: [Int64]) -> NumericValues { .int64(values) }
}

extension Float: StoredNumber {
    init(bits: UInt32) { self.init(bitPattern: bits) }
    var bits: UInt32 { bitPattern }
    static func wrap(_ values: [Float]) -> NumericValues { .float32(values) }
}

extension Double: StoredNumber {
    init(bits: UInt64) { self.init(bitPattern: bits) }
    var bits: UInt64 { bitPattern }
    static func wrap(_ values: [Double]) -> NumericValues { .float64(values) }
}

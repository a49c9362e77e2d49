/// The element types that the MAT, NPY and IDX readers return, named as
/// numpy names them.
public enum NumericType: String, CaseIterable, Sendable {
    case uint8, int8, uint16, int16, uint32, int32, uint64, int64
    case float32, float64

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .uint8, .int8: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .uint64, .int64, .float64: 8
        }
    }

    /// The Swift type that holds one element.
    var storedType: any StoredNumber.Type {
        switch self {
        case .uint8: UInt8.self
        case .int8: Int8.self
        case .uint16: UInt16.self
        case .int16: Int16.self
        case .uint32: UInt32.self
        case .int32: Int32.self
        case .uint64: UInt64.self
        case .int64: Int64.self
        case .float32: Float.self
        case .float64: Double.self
        }
    }
}

/// A flat array of numbers, kept in the element type the file stored
/// them in, so that nothing is lost until a caller asks for floats.
public enum NumericValues: Equatable, Sendable {
    case uint8([UInt8])
    case int8([Int8])
    case uint16([UInt16])
    case int16([Int16])
    case uint32([UInt32])
    case int32([Int32])
    case uint64([UInt64])
    case int64([Int64])
    case float32([Float])
    case float64([Double])

    public var type: NumericType {
        switch self {
        case .uint8: .uint8
        case .int8: .int8
        case .uint16: .uint16
        case .int16: .int16
        case .uint32: .uint32
        case .int32: .int32
        case .uint64: .uint64
        case .int64: .int64
        case .float32: .float32
        case .float64: .float64
        }
    }

    public var count: Int { visit(CountVisitor()) }

    /// Every value as a `Float`, rounded to the nearest one where it has
    /// more digits than a `Float` holds (large 32- and 64-bit integers,
    /// most doubles).
    public func floats() -> [Float] { visit(FloatVisitor()) }

    /// Every value as a `Double`; exact except for 64-bit integers beyond
    /// 2^53.
    public func doubles() -> [Double] { visit(DoubleVisitor()) }

    /// The values converted to `type`, or nil when one of them would
    /// change: an integer out of range, a fraction or NaN bound for an
    /// integer type. Conversions to a floating-point type round instead.
    public func converted(to type: NumericType) -> NumericValues? {
        func convert<Target: StoredNumber>(
            _ target: Target.Type
        ) -> NumericValues? {
            visit(ExactVisitor<Target>()).map(Target.wrap)
        }
        return convert(type.storedType)
    }

    /// Calls `visitor` with the array inside, whatever its element type.
    func visit<Visitor: NumericVisitor>(
        _ visitor: Visitor
    ) throws(Visitor.Failure) -> Visitor.Result {
        switch self {
        case .uint8(let values): try visitor.visit(values)
        case .int8(let values): try visitor.visit(values)
        case .uint16(let values): try visitor.visit(values)
        case .int16(let values): try visitor.visit(values)
        case .uint32(let values): try visitor.visit(values)
        case .int32(let values): try visitor.visit(values)
        case .uint64(let values): try visitor.visit(values)
        case .int64(let values): try visitor.visit(values)
        case .float32(let values): try visitor.visit(values)
        case .float64(let values): try visitor.visit(values)
        }
    }
}

/// An operation on an array of any element type: Swift closures cannot be
/// generic, so operations that must see the element type are visitors.
protocol NumericVisitor {
    associatedtype Result
    associatedtype Failure: Error = Never
    func visit<Element: StoredNumber>(
        _ values: [Element]
    ) throws(Failure) -> Result
}

private struct CountVisitor: NumericVisitor {
    func visit<Element: StoredNumber>(_ values: [Element]) -> Int {
        values.count
    }
}

private struct FloatVisitor: NumericVisitor {
    func visit<Element: StoredNumber>(_ values: [Element]) -> [Float] {
        if let floats = values as? [Float] { return floats }
        return values.map { Float($0.widened.double) }
    }
}

private struct DoubleVisitor: NumericVisitor {
    func visit<Element: StoredNumber>(_ values: [Element]) -> [Double] {
        if let doubles = values as? [Double] { return doubles }
        return values.map { $0.widened.double }
    }
}

private struct ExactVisitor<Target: StoredNumber>: NumericVisitor {
    func visit<Element: StoredNumber>(_ values: [Element]) -> [Target]? {
        if let same = values as? [Target] { return same }
        var converted = [Target]()
        converted.reserveCapacity(values.count)
        for value in values {
            guard let target = Target(exactly: value.widened) else {
                return nil
            }
            converted.append(target)
        }
        return converted
    }
}

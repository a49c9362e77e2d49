extension TensorData {
    /// `values` in an element type the stream carries.
    ///
    /// float32, float64, uint8, uint16, int32 and int64 stay as they are;
    /// int8 and int16 widen to int32 and uint32 to int64, exactly. uint64
    /// becomes int64 when every value fits, and is an error otherwise.
    public init(_ values: NumericValues) throws {
        switch values {
        case .float32(let data): self = .float32(data)
        case .float64(let data): self = .float64(data)
        case .uint8(let data): self = .uint8(data)
        case .uint16(let data): self = .uint16(data)
        case .int32(let data): self = .int32(data)
        case .int64(let data): self = .int64(data)
        case .int8(let data): self = .int32(data.map(Int32.init))
        case .int16(let data): self = .int32(data.map(Int32.init))
        case .uint32(let data): self = .int64(data.map(Int64.init))
        case .uint64(let data):
            guard let converted = values.converted(to: .int64),
                case .int64(let fitting) = converted
            else {
                let largest = data.max() ?? 0
                throw FormatError(
                    "uint64 value \(largest) does not fit the stream's "
                        + "int64 type")
            }
            self = .int64(fitting)
        }
    }
}

extension NumericValues {
    /// The elements of a stream tensor, in the same type.
    public init(_ data: TensorData) {
        switch data {
        case .float32(let values): self = .float32(values)
        case .float64(let values): self = .float64(values)
        case .uint8(let values): self = .uint8(values)
        case .uint16(let values): self = .uint16(values)
        case .int32(let values): self = .int32(values)
        case .int64(let values): self = .int64(values)
        }
    }
}

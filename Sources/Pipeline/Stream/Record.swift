/// One named tensor of a stream: the unit that stages pass to each other.
///
/// `role` says what the tensor is for (`image`, `mask`, `labels`, `boxes`,
/// `weights`, `text`, ...), so a stage can find its input without knowing
/// the name an earlier stage chose. `attributes` carry small facts as text
/// (a model's architecture, a photo's source path); keys are
/// `[A-Za-z0-9_.-]+` and values hold no newline.
public struct Record: Equatable, Sendable {
    public var name: String
    public var role: String?
    public var attributes: [String: String]
    public var shape: [Int]
    public var data: TensorData

    public init(
        name: String, role: String? = nil,
        attributes: [String: String] = [:],
        shape: [Int], data: TensorData
    ) {
        precondition(
            shape.reduce(1, *) == data.count,
            "[record] '\(name)': shape \(shape) does not hold "
                + "\(data.count) elements")
        self.name = name
        self.role = role
        self.attributes = attributes
        self.shape = shape
        self.data = data
    }

    public var dtype: DType { data.dtype }
    public var rank: Int { shape.count }
    public var count: Int { data.count }

    /// A one-line description for messages: `ink [1631, 2270] float32 (mask)`.
    public var summary: String {
        let dims = shape.map(String.init).joined(separator: ", ")
        let roleText = role.map { " (\($0))" } ?? ""
        return "\(name) [\(dims)] \(dtype.name)\(roleText)"
    }
}

extension Record {
    /// A text record: UTF-8 bytes, role `text`.
    public init(
        name: String, text: String,
        attributes: [String: String] = [:]
    ) {
        let bytes = Array(text.utf8)
        self.init(
            name: name, role: "text", attributes: attributes,
            shape: [bytes.count], data: .uint8(bytes))
    }

    /// The record's bytes read as UTF-8 text, if it is a uint8 vector.
    public var text: String? {
        guard case .uint8(let bytes) = data, rank == 1 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Array where Element == Record {
    /// The last record with this name (later records shadow earlier ones).
    public func named(_ name: String) -> Record? {
        last { $0.name == name }
    }

    /// The last record with this role.
    public func withRole(_ role: String) -> Record? {
        last { $0.role == role }
    }

    /// Replaces the record of the same name, or appends it.
    public mutating func put(_ record: Record) {
        if let index = lastIndex(where: { $0.name == record.name }) {
            self[index] = record
        } else {
            append(record)
        }
    }
}

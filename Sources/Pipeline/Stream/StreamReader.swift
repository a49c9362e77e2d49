/// Reads records one by one from a byte source.
///
/// End of input between records ends the stream cleanly (`next()` returns
/// nil); end of input inside a record is an error. Header fields are
/// checked (magic, version, dtype, rank, sizes) before any payload memory
/// is allocated.
public struct StreamReader<Source: ByteSource> {
    public var source: Source
    private var recordIndex = 0

    public init(_ source: Source) { self.source = source }

    /// The next record, or nil at a clean end of the stream.
    public mutating func next() throws -> Record? {
        guard let fixed = try readExactly(
            StreamFormat.fixedHeaderSize, what: "header", allowEOF: true)
        else { return nil }
        let position = "record \(recordIndex + 1)"
        recordIndex += 1

        guard Array(fixed[0..<4]) == StreamFormat.magic else {
            let shown = fixed[0..<4].map { byte in
                (32..<127).contains(byte)
                    ? String(UnicodeScalar(byte)) : "\\x" + hex(byte)
            }.joined()
            throw StreamError(
                "\(position): not an nnpipe tensor stream (expected magic "
                    + "'NNPT', got '\(shown)')")
        }
        guard fixed[4] == StreamFormat.version else {
            throw StreamError(
                "\(position): stream version \(fixed[4]) is not supported "
                    + "(this nnpipe reads version \(StreamFormat.version))")
        }
        guard let dtype = DType(rawValue: fixed[5]) else {
            throw StreamError("\(position): unknown dtype code \(fixed[5])")
        }
        let rank = Int(fixed[6])
        guard rank <= StreamFormat.maxRank else {
            throw StreamError(
                "\(position): rank \(rank) exceeds the limit of "
                    + "\(StreamFormat.maxRank)")
        }
        let metadataLength = Int(
            StreamFormat.readLittleEndian(UInt32.self, from: fixed, at: 8))
        guard metadataLength <= StreamFormat.maxMetadataBytes else {
            throw StreamError(
                "\(position): metadata of \(metadataLength) bytes exceeds "
                    + "the limit of \(StreamFormat.maxMetadataBytes)")
        }

        let dimBytes = try readExactly(8 * rank, what: "dimensions")!
        let dims = (0..<rank).map {
            StreamFormat.readLittleEndian(UInt64.self, from: dimBytes, at: 8 * $0)
        }
        // The bound counts a zero dimension as 1, so that no product of
        // some of the dimensions (which a stage may compute) can overflow,
        // even in an empty tensor.
        var bound = dtype.size
        var overflow = false
        for dim in dims {
            guard dim <= UInt64(Int.max) else {
                overflow = true
                break
            }
            let (product, over) = bound.multipliedReportingOverflow(
                by: max(Int(dim), 1))
            overflow = overflow || over
            bound = product
        }
        if overflow || bound > StreamFormat.maxPayloadBytes {
            let shown = dims.map(String.init).joined(separator: ", ")
            throw StreamError(
                "\(position): declared shape [\(shown)] of \(dtype.name) "
                    + "exceeds the limit of \(StreamFormat.maxPayloadBytes) "
                    + "bytes per tensor (set NNPIPE_MAX_TENSOR_BYTES to "
                    + "raise it)")
        }
        let shape = dims.map { Int($0) }
        let elementCount = shape.reduce(1, *)
        let payloadBytes = elementCount * dtype.size

        let metadata = try readExactly(metadataLength, what: "metadata")!
        let (name, role, attributes) = try wrap(position) {
            try StreamFormat.parseMetadata(metadata)
        }

        let data = try TensorData.make(dtype, count: elementCount) { buffer in
            try fill(buffer)
        }
        guard let data else {
            throw StreamError(
                "\(position) '\(name)': stream ends inside the payload "
                    + "(expected \(payloadBytes) bytes of \(dtype.name) "
                    + "for shape \(shape))")
        }
        return Record(
            name: name, role: role, attributes: attributes,
            shape: shape, data: data)
    }

    /// Reads every remaining record.
    public mutating func readAll() throws -> [Record] {
        var records: [Record] = []
        while let record = try next() { records.append(record) }
        return records
    }

    private mutating func fill(
        _ buffer: UnsafeMutableRawBufferPointer
    ) throws -> Bool {
        var offset = 0
        while offset < buffer.count {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(
                rebasing: buffer[offset...]))
            if n == 0 { return false }
            offset += n
        }
        return true
    }

    private mutating func readExactly(
        _ count: Int, what: String, allowEOF: Bool = false
    ) throws -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let n = try bytes.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(
                    rebasing: raw[offset...]))
            }
            if n == 0 {
                if allowEOF && offset == 0 { return nil }
                throw StreamError(
                    "record \(recordIndex + (allowEOF ? 1 : 0)): stream ends "
                        + "inside the \(what) (\(offset) of \(count) bytes)")
            }
            offset += n
        }
        return bytes
    }

    private func wrap<T>(_ position: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as StreamError {
            throw StreamError("\(position): \(error.description)")
        }
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}

/// Writes records to a byte sink.
public struct StreamWriter<Sink: ByteSink> {
    public var sink: Sink
    public init(_ sink: Sink) { self.sink = sink }

    public mutating func write(_ record: Record) throws {
        let header = try StreamFormat.header(for: record)
        try header.withUnsafeBytes { try sink.write($0) }
        try record.data.withUnsafeBytes { try sink.write($0) }
    }

    public mutating func write(_ records: [Record]) throws {
        for record in records { try write(record) }
    }
}

extension StreamWriter where Sink == MemorySink {
    /// The stream bytes of `records`; throws only for metadata the format
    /// cannot carry (see `StreamFormat.header(for:)`).
    public static func encode(_ records: [Record]) throws -> [UInt8] {
        var writer = StreamWriter(MemorySink())
        try writer.write(records)
        return writer.sink.bytes
    }
}

extension StreamReader where Source == MemorySource {
    /// The records in `bytes`.
    public static func decode(_ bytes: [UInt8]) throws -> [Record] {
        var reader = StreamReader(MemorySource(bytes))
        return try reader.readAll()
    }
}

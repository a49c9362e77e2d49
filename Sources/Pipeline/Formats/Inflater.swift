import CZlib

/// Streaming zlib or gzip decompression, read a piece at a time so that a
/// reader can check the sizes a header declares before it allocates.
///
/// Corrupt data, a bad checksum and data that ends early are thrown as
/// `FormatError`s; nothing is read past what the caller asks for, so a
/// small file that inflates to terabytes costs only what was asked.
final class Inflater {
    private let input: [UInt8]
    private var consumed: Int
    private let end: Int
    private let stream: UnsafeMutablePointer<z_stream>
    private(set) var produced = 0
    private(set) var finished = false

    /// - Parameter gzip: accept a gzip header as well as a zlib one.
    init(_ input: [UInt8], range: Range<Int>? = nil, gzip: Bool = false) {
        let range = range ?? 0..<input.count
        self.input = input
        self.consumed = range.lowerBound
        self.end = range.upperBound
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15: the largest window; +32: detect zlib or gzip from the header.
        let status = inflateInit2_(
            stream, gzip ? 15 + 32 : 15, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib inflateInit2 failed: \(status)")
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The next `count` bytes of decompressed data.
    ///
    /// Throws when the stream ends, or the compressed data does, first.
    /// Memory grows with the data that arrives, a piece at a time, so a
    /// corrupt size costs no more than the data behind it.
    func read(
        _ count: Int, _ what: @autoclosure () -> String
    ) throws -> [UInt8] {
        precondition(count >= 0)
        let piece = 1 << 26
        var bytes = [UInt8]()
        bytes.reserveCapacity(min(count, piece))
        while bytes.count < count && !finished {
            let wanted = min(count - bytes.count, piece)
            if bytes.count == piece { bytes.reserveCapacity(count) }
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: wanted))
            let filled = try bytes.withUnsafeMutableBytes {
                try fill(UnsafeMutableRawBufferPointer(rebasing: $0[start...]))
            }
            bytes.removeLast(wanted - filled)
        }
        guard bytes.count == count else {
            throw FormatError(
                "\(what()) needs \(count) bytes at byte "
                    + "\(produced - bytes.count) of the decompressed data, "
                    + "which ends at byte \(produced)")
        }
        return bytes
    }

    /// Reads to the end of the stream, which checks its checksum, and
    /// throws if more than `allowance` bytes remain.
    func finish(
        allowing allowance: Int, _ what: @autoclosure () -> String
    ) throws {
        let start = produced
        var scratch = [UInt8](repeating: 0, count: 4096)
        while !finished {
            _ = try scratch.withUnsafeMutableBytes { try fill($0) }
            if produced - start > allowance {
                throw FormatError(
                    "\(what()) is followed by more decompressed data than "
                        + "expected (over \(allowance) bytes)")
            }
        }
    }

    /// Inflates into `buffer` until it is full or the stream ends; returns
    /// the number of bytes written.
    private func fill(
        _ buffer: UnsafeMutableRawBufferPointer
    ) throws -> Int {
        var filled = 0
        while filled < buffer.count && !finished {
            let available = min(end - consumed, Int(UInt32.max))
            let space = min(buffer.count - filled, Int(UInt32.max))
            let status = input.withUnsafeBytes { raw in
                stream.pointee.next_in = raw.baseAddress.map {
                    UnsafeMutablePointer(mutating: ($0 + consumed)
                        .assumingMemoryBound(to: Bytef.self))
                }
                stream.pointee.avail_in = UInt32(available)
                stream.pointee.next_out = (buffer.baseAddress! + filled)
                    .assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(space)
                let status = inflate(stream, Z_NO_FLUSH)
                stream.pointee.next_in = nil
                return status
            }
            consumed += available - Int(stream.pointee.avail_in)
            let written = space - Int(stream.pointee.avail_out)
            filled += written
            produced += written

            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                finished = true
            case Z_BUF_ERROR:
                throw FormatError(
                    "the compressed data ends early, after \(produced) "
                        + "decompressed bytes")
            case Z_MEM_ERROR:
                throw FormatError("out of memory while decompressing")
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) }
                throw FormatError(
                    "the compressed data is corrupt (zlib: "
                        + "\(reason ?? "error \(status)"))")
            }
        }
        return filled
    }
}

import CZlib

/// Byte-building helpers for tests that craft files by hand.
enum TestBytes {
    static func bigEndian<Integer: FixedWidthInteger>(_ value: Integer) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian, Array.init)
    }

    static func littleEndian<Integer: FixedWidthInteger>(
        _ value: Integer
    ) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian, Array.init)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        UInt32(CZlib.crc32(0, bytes, UInt32(bytes.count)))
    }

    /// `bytes` deflated in a zlib stream, or with `gzip`, a gzip member.
    static func deflated(_ bytes: [UInt8], gzip: Bool = false) -> [UInt8] {
        var stream = z_stream()
        // 15: the largest window; +16: a gzip header and trailer.
        let status = deflateInit2_(
            &stream, 6, Z_DEFLATED, gzip ? 31 : 15, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](
            repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        var input = bytes
        let written = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<written])
    }
}

import CCodecs

extension ImageCodec {
    /// Encodes row-major [height, width, channels] samples in 0...1 as a
    /// PNG of 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) channels.
    ///
    /// Each sample is clamped to 0...1 (NaN becomes 0), scaled by 255 or
    /// 65535 and rounded to the nearest integer.
    public static func encodePNG(
        _ samples: [Float], height: Int, width: Int, channels: Int,
        bitDepth: Int = 8
    ) throws -> [UInt8] {
        try checkEncodable(
            samples, height: height, width: width, channels: channels,
            allowed: [1, 2, 3, 4], format: "PNG")
        guard bitDepth == 8 || bitDepth == 16 else {
            throw FormatError("cannot write a \(bitDepth)-bit PNG; use 8 or 16")
        }
        let capacity = 256
        var message = [CChar](repeating: 0, count: capacity)
        var output = ccodecs_buffer()
        let status: Int32
        if bitDepth == 16 {
            let pixels = quantized(samples, as: UInt16.self)
            status = ccodecs_png_encode(
                pixels, UInt32(width), UInt32(height), UInt32(channels), 16,
                &output, &message, capacity)
        } else {
            let pixels = quantized(samples, as: UInt8.self)
            status = ccodecs_png_encode(
                pixels, UInt32(width), UInt32(height), UInt32(channels), 8,
                &output, &message, capacity)
        }
        return try take(output, status: status, message: message, format: "PNG")
    }

    /// Encodes row-major [height, width, channels] samples in 0...1 as a
    /// baseline JPEG of 1 (grey) or 3 (RGB) channels at `quality` 1...100.
    public static func encodeJPEG(
        _ samples: [Float], height: Int, width: Int, channels: Int,
        quality: Int = 90
    ) throws -> [UInt8] {
        try checkEncodable(
            samples, height: height, width: width, channels: channels,
            allowed: [1, 3], format: "JPEG")
        guard width <= 65500, height <= 65500 else {
            throw FormatError(
                "cannot write a \(width) x \(height) JPEG; JPEG allows at "
                    + "most 65500 x 65500")
        }
        precondition((1...100).contains(quality), "JPEG quality \(quality)")
        let capacity = 256
        var message = [CChar](repeating: 0, count: capacity)
        var output = ccodecs_buffer()
        let pixels = quantized(samples, as: UInt8.self)
        let status = ccodecs_jpeg_encode(
            pixels, UInt32(width), UInt32(height), UInt32(channels),
            Int32(quality), &output, &message, capacity)
        return try take(output, status: status, message: message, format: "JPEG")
    }

    private static func checkEncodable(
        _ samples: [Float], height: Int, width: Int, channels: Int,
        allowed: Set<Int>, format: String
    ) throws {
        precondition(
            height >= 0 && width >= 0 && channels >= 0
                && samples.count == height * width * channels,
            "\(samples.count) samples for \(height) x \(width) x \(channels)")
        guard allowed.contains(channels) else {
            throw FormatError(
                "cannot write \(channels) channels as \(format); expected "
                    + allowed.sorted().map(String.init).joined(separator: ", "))
        }
        guard height >= 1, width >= 1, height <= Int32.max, width <= Int32.max
        else {
            throw FormatError(
                "cannot write a \(width) x \(height) \(format)")
        }
    }

    /// Samples clamped to 0...1 and rounded to `Sample`'s full range.
    private static func quantized<Sample: FixedWidthInteger & UnsignedInteger>(
        _ samples: [Float], as: Sample.Type
    ) -> [Sample] {
        let scale = Float(Sample.max)
        return samples.map { sample in
            let clamped: Float = sample > 0 ? (sample < 1 ? sample : 1) : 0
            return Sample((clamped * scale).rounded())
        }
    }

    /// The encoder's output as an array, or its failure as an error.
    private static func take(
        _ output: ccodecs_buffer, status: Int32, message: [CChar],
        format: String
    ) throws -> [UInt8] {
        defer { ccodecs_free(output.data) }
        guard status == Int32(CCODECS_OK.rawValue) else {
            throw FormatError(
                "cannot write the \(format): \(text(of: message))")
        }
        return Array(UnsafeBufferPointer(start: output.data, count: output.size))
    }
}

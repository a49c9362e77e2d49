/// An image decoded from a PNG or JPEG file, upright.
///
/// `samples` are row-major, interleaved per pixel ([height, width,
/// channels]) and scaled to 0...1: value / 255 for 8-bit files, value /
/// 65535 for 16-bit ones. Channels: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA.
public struct DecodedImage: Equatable, Sendable {
    public var height: Int
    public var width: Int
    public var channels: Int
    /// The bit depth of the file's samples after expansion: 8 or 16.
    public var bitDepth: Int
    public var samples: [Float]

    public init(
        height: Int, width: Int, channels: Int, bitDepth: Int,
        samples: [Float]
    ) {
        precondition(
            (1...4).contains(channels) && (bitDepth == 8 || bitDepth == 16),
            "image of \(channels) channels of \(bitDepth) bits")
        precondition(
            height >= 0 && width >= 0
                && samples.count == height * width * channels,
            "\(samples.count) samples for \(height) x \(width) x \(channels)")
        self.height = height
        self.width = width
        self.channels = channels
        self.bitDepth = bitDepth
        self.samples = samples
    }

    /// The shape of `samples`: [height, width, channels].
    public var shape: [Int] { [height, width, channels] }
}

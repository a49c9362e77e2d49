import Foundation

extension RGBImage {
    /// The image as PNG file bytes (8-bit RGB), by the codecs' encoder.
    public func pngBytes() throws -> [UInt8] {
        try ImageCodec.encodePNG(
            pixels.map { Float($0) / 255 }, height: height, width: width,
            channels: 3)
    }

    /// Writes the image as a PNG file, creating its folder if needed.
    public func writePNG(to path: String) throws {
        try FigureFile.write(Data(try pngBytes()), to: path)
    }

    /// An image from decoded samples: grey or RGB, 0...1 (alpha dropped).
    public init(_ decoded: DecodedImage) {
        precondition(decoded.height > 0 && decoded.width > 0,
                     "[image] decoded image is empty")
        self.init(width: decoded.width, height: decoded.height)
        let channels = decoded.channels
        for y in 0..<height {
            for x in 0..<width {
                let base = (y * width + x) * channels
                func sample(_ c: Int) -> UInt8 {
                    UInt8((decoded.samples[base + c] * 255).rounded())
                }
                self[x, y] = channels < 3 ? RGB(grey: sample(0))
                    : RGB(sample(0), sample(1), sample(2))
            }
        }
    }
}

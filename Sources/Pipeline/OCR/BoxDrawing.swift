/// A photo shrunk for viewing, with character boxes and their readings
/// drawn over it.
public struct BoxDrawing {
    /// The shrink factor: the smallest whole f with max(H, W) / f <= maxSide.
    public let factor: Int
    var picture: RGBImage

    /// Shrinks the [H, W, C] samples (0...1) by averaging f x f blocks
    /// (blocks cut by the right or bottom edge are dropped).
    public init(
        samples: [Float], height: Int, width: Int, channels: Int,
        maxSide: Int
    ) {
        let f = max(1, (max(height, width) + maxSide - 1) / maxSide)
        factor = f
        let (h, w) = (max(1, height / f), max(1, width / f))
        let colours = channels >= 3 ? 3 : 1
        var bytes = [UInt8](repeating: 0, count: 3 * w * h)
        samples.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBufferPointer { target in
                let target = target
                Parallel.forEach(h) { y in
                    var sums = [Float](repeating: 0, count: 3 * w)
                    for sy in (y * f)..<min(height, y * f + f) {
                        for x in 0..<w {
                            for sx in (x * f)..<min(width, x * f + f) {
                                let base = (sy * width + sx) * channels
                                for c in 0..<3 {
                                    sums[3 * x + c] +=
                                        source[base + min(c, colours - 1)]
                                }
                            }
                        }
                    }
                    let n = Float(f * f)
                    for i in 0..<(3 * w) {
                        target[3 * w * y + i] =
                            UInt8(min(max(sums[i] / n, 0), 1) * 255)
                    }
                }
            }
        }
        var picture = RGBImage(width: w, height: h)
        for y in 0..<h {
            for x in 0..<w {
                let i = 3 * (y * w + x)
                picture[x, y] = RGB(bytes[i], bytes[i + 1], bytes[i + 2])
            }
        }
        self.picture = picture
    }

    /// The picture with a red frame (2 px) on each box and, given
    /// characters, each one drawn in blue above its box.
    public func render(_ boxes: [CharacterBox], characters: [Character]?)
        -> RGBImage
    {
        var picture = self.picture
        let red = RGB(230, 20, 20)
        let blue = RGB(20, 40, 220)
        for (i, box) in boxes.enumerated() {
            let (x, y) = (box.left / factor, box.top / factor)
            let w = max(1, box.width / factor)
            let h = max(1, box.height / factor)
            picture.frame(x: x, y: y, width: w, height: h, red)
            picture.frame(x: x - 1, y: y - 1, width: w + 2, height: h + 2, red)
            guard let characters else { continue }
            let scale = max(2, h / 3 / BitmapFont.glyphHeight)
            picture.drawText(
                String(characters[i]), x: x,
                y: max(0, y - BitmapFont.glyphHeight * scale - 3),
                scale: scale, color: blue)
        }
        return picture
    }
}

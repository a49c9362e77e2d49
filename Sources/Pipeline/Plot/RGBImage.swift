/// One 8-bit RGB colour.
public struct RGB: Equatable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public init(grey: UInt8) { self.init(grey, grey, grey) }

    public static let white = RGB(255, 255, 255)
    public static let black = RGB(0, 0, 0)

    /// Relative luminance in 0...1 (Rec. 709 weights on the 8-bit values),
    /// to choose dark or light text on a filled cell.
    public var luminance: Double {
        (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
    }
}

/// A picture to draw figures into: rows top to bottom, RGB interleaved.
///
/// Drawing outside the image is clipped silently, so a label may run off
/// an edge without a crash.
public struct RGBImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `3 * width * height` bytes: pixel (x, y) starts at `3 * (y * width + x)`.
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, fill: RGB = .white) {
        precondition(width > 0 && height > 0,
                     "[image] size \(width)x\(height) is empty")
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: 3 * width * height)
        for i in stride(from: 0, to: pixels.count, by: 3) {
            pixels[i] = fill.r
            pixels[i + 1] = fill.g
            pixels[i + 2] = fill.b
        }
        self.pixels = pixels
    }

    public subscript(x: Int, y: Int) -> RGB {
        get {
            let i = 3 * (y * width + x)
            return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let i = 3 * (y * width + x)
            pixels[i] = newValue.r
            pixels[i + 1] = newValue.g
            pixels[i + 2] = newValue.b
        }
    }

    /// Fills the rectangle with corner (x, y) and size w x h.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int,
                              _ color: RGB) {
        let (top, bottom) = (Swift.max(0, y), Swift.min(height, y + h))
        let (left, right) = (Swift.max(0, x), Swift.min(width, x + w))
        guard top < bottom, left < right else { return }
        for row in top..<bottom {
            for column in left..<right {
                self[column, row] = color
            }
        }
    }

    /// Draws a one-pixel rectangle outline.
    public mutating func frame(x: Int, y: Int, width w: Int, height h: Int,
                               _ color: RGB) {
        fill(x: x, y: y, width: w, height: 1, color)
        fill(x: x, y: y + h - 1, width: w, height: 1, color)
        fill(x: x, y: y, width: 1, height: h, color)
        fill(x: x + w - 1, y: y, width: 1, height: h, color)
    }

    /// Draws a grey image, values 0 (black) to 1 (white), `rows` x
    /// `columns` row-major, each pixel as a `scale` x `scale` block with its
    /// top-left corner at (x, y): nearest-neighbour upscaling. Values are
    /// clamped to 0...1; NaN is drawn mid-grey.
    public mutating func drawGrey(_ values: [Float], rows: Int, columns: Int,
                                  x: Int, y: Int, scale: Int) {
        precondition(values.count == rows * columns,
                     "[image] \(values.count) values for a \(rows)x\(columns)"
                         + " tile")
        for r in 0..<rows {
            for c in 0..<columns {
                let value = values[r * columns + c]
                let v = value.isNaN ? 0.5 : Swift.min(Swift.max(value, 0), 1)
                let grey = UInt8((v * 255).rounded())
                fill(x: x + c * scale, y: y + r * scale, width: scale,
                     height: scale, RGB(grey: grey))
            }
        }
    }
}

/// A binary image: `ink[y * width + x]` is 1 for ink, 0 for paper.
///
/// Morphology here uses square (2r+1) x (2r+1) windows, separable, with
/// running counts: O(1) work per pixel for any radius. Outside the image
/// counts as paper for dilation and as ink for erosion, so neither opening
/// nor closing eats into shapes at the border.
public struct InkMask: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var ink: [UInt8]

    public init(width: Int, height: Int, ink: [UInt8]) {
        precondition(
            width >= 0 && height >= 0 && ink.count == width * height,
            "[mask] \(ink.count) pixels for \(width)x\(height)")
        self.width = width
        self.height = height
        self.ink = ink
    }

    /// Ink where `plane` is at least `threshold`.
    public init(_ plane: Plane, atLeast threshold: Float) {
        self.init(
            width: plane.width, height: plane.height,
            ink: plane.pixels.map { $0 >= threshold ? 1 : 0 })
    }

    public subscript(y: Int, x: Int) -> Bool { ink[y * width + x] != 0 }

    public var inkCount: Int { ink.reduce(0) { $0 + Int($1) } }

    /// Ink wherever the window around a pixel holds any ink.
    public func dilated(radius: Int) -> InkMask {
        radius <= 0 ? self : pass(radius, all: false).pass(radius, all: false)
    }

    /// Ink only where the whole window around a pixel is ink.
    public func eroded(radius: Int) -> InkMask {
        radius <= 0 ? self : pass(radius, all: true).pass(radius, all: true)
    }

    /// Erosion then dilation: removes ink thinner than 2r+1 pixels.
    public func opened(radius: Int) -> InkMask {
        eroded(radius: radius).dilated(radius: radius)
    }

    /// Dilation then erosion: fills gaps and holes narrower than 2r+1.
    public func closed(radius: Int) -> InkMask {
        dilated(radius: radius).eroded(radius: radius)
    }

    /// One horizontal pass written out transposed (two calls do both axes):
    /// a pixel becomes ink when any (or, with `all`, every) pixel of its
    /// row window is ink.
    private func pass(_ radius: Int, all: Bool) -> InkMask {
        let (w, h) = (width, height)
        var out = [UInt8](repeating: 0, count: w * h)
        ink.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                let target = target
                Parallel.forEach((h + 7) / 8) { block in
                    var counts = [Int32](repeating: 0, count: w + 1)
                    for y in (block * 8)..<min(h, block * 8 + 8) {
                        let row = source.baseAddress! + y * w
                        for x in 0..<w {
                            counts[x + 1] = counts[x] + Int32(row[x])
                        }
                        for x in 0..<w {
                            let lo = x - radius
                            let hi = x + radius + 1
                            let n = counts[min(w, hi)] - counts[max(0, lo)]
                            let outside = Int32(max(0, -lo) + max(0, hi - w))
                            let full = all
                                ? n + outside == Int32(2 * radius + 1) : n > 0
                            target[x * h + y] = full ? 1 : 0
                        }
                    }
                }
            }
        }
        return InkMask(width: h, height: w, ink: out)
    }

    /// The mean stroke width in pixels, 2 x ink area / boundary length,
    /// with the boundary counted as ink–paper edges between 4-neighbours.
    ///
    /// A stroke of width w and length L has area wL and about 2L of edge,
    /// so the ratio is w; diagonal strokes read up to ~30% thin because
    /// 4-neighbour edges overcount a slanted boundary. Nil without ink.
    public var strokeWidth: Double? {
        var area = 0
        var edges = 0
        for y in 0..<height {
            for x in 0..<width where self[y, x] {
                area += 1
                if x == 0 || !self[y, x - 1] { edges += 1 }
                if x == width - 1 || !self[y, x + 1] { edges += 1 }
                if y == 0 || !self[y - 1, x] { edges += 1 }
                if y == height - 1 || !self[y + 1, x] { edges += 1 }
            }
        }
        return area == 0 ? nil : 2 * Double(area) / Double(edges)
    }
}

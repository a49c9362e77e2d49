/// A binary image: `ink[y * width + x]` is 1 for ink, 0 for paper.
///
/// Morphology here uses square (2r+1) x (2r+1) windows, separable, on
/// runs of ink: work follows the ink, whatever the radius. Outside the
/// image counts as paper for dilation and as ink for erosion, so opening
/// does not eat into shapes at the border; closing pads the mask first.
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
            ink: plane.pixels.parallelMap { $0 >= threshold ? 1 : 0 })
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
    ///
    /// It runs on the mask padded by r pixels of paper, so that ink the
    /// dilation pushes against the border is eroded back like any other.
    public func closed(radius: Int) -> InkMask {
        guard radius > 0 else { return self }
        return padded(radius).dilated(radius: radius).eroded(radius: radius)
            .cropped(radius)
    }

    /// The mask inside a frame of `margin` pixels of paper.
    func padded(_ margin: Int) -> InkMask {
        let w = width + 2 * margin
        var out = [UInt8](repeating: 0, count: w * (height + 2 * margin))
        for y in 0..<height {
            let target = (y + margin) * w + margin
            out[target..<(target + width)] =
                ink[(y * width)..<((y + 1) * width)]
        }
        return InkMask(width: w, height: height + 2 * margin, ink: out)
    }

    /// The mask without a frame of `margin` pixels.
    func cropped(_ margin: Int) -> InkMask {
        let (w, h) = (width - 2 * margin, height - 2 * margin)
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            let source = (y + margin) * width + margin
            out[(y * w)..<((y + 1) * w)] = ink[source..<(source + w)]
        }
        return InkMask(width: w, height: h, ink: out)
    }

    /// One horizontal pass written out transposed (two calls do both axes).
    ///
    /// It works on runs of ink: dilation widens each run by r at both
    /// ends, erosion (`all`) narrows it by r at each end that is not the
    /// image border, so the cost follows the ink, not the window, and
    /// empty stretches are skipped eight bytes at a time.
    private func pass(_ radius: Int, all: Bool) -> InkMask {
        let (w, h) = (width, height)
        var out = [UInt8](repeating: 0, count: w * h)
        ink.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                let target = target
                Parallel.forEach(h) { y in
                    let row = source.baseAddress! + y * w
                    var x = 0
                    while x < w {
                        while x + 8 <= w,
                            UnsafeRawPointer(row + x).loadUnaligned(
                                as: UInt64.self) == 0
                        {
                            x += 8
                        }
                        while x < w && row[x] == 0 { x += 1 }
                        guard x < w else { break }
                        let start = x
                        while x < w && row[x] != 0 { x += 1 }
                        let end = x - 1
                        let (lo, hi) = all
                            ? (start == 0 ? 0 : start + radius,
                               end == w - 1 ? w - 1 : end - radius)
                            : (max(0, start - radius), min(w - 1, end + radius))
                        if lo <= hi {
                            for k in lo...hi { target[k * h + y] = 1 }
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

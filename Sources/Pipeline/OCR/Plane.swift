import Foundation

/// A single-channel float image, rows top to bottom: pixel (y, x) is
/// `pixels[y * width + x]`.
///
/// The OCR stages work on planes: the grey photo, the paper brightness,
/// the ink darkness. Filters here are separable and run in time linear in
/// the pixel count whatever their radius, spread over `Parallel`'s threads.
public struct Plane: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(
            width >= 0 && height >= 0 && pixels.count == width * height,
            "[plane] \(pixels.count) pixels for \(width)x\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int, fill: Float = 0) {
        self.init(
            width: width, height: height,
            pixels: [Float](repeating: fill, count: width * height))
    }

    public subscript(y: Int, x: Int) -> Float {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// The darkest channel of an interleaved [H, W, C] image with samples
    /// in 0...1 (alpha, the second of two or fourth of four channels, is
    /// ignored).
    ///
    /// The minimum rather than the luminance keeps coloured ink dark: blue
    /// ink is dark in red, red ink in green and blue, while white paper is
    /// bright in all three.
    public static func darkestChannel(
        of samples: [Float], height: Int, width: Int, channels: Int
    ) -> Plane {
        precondition(samples.count == height * width * channels,
                     "[plane] samples do not fill \(height)x\(width)x\(channels)")
        let colours = channels == 2 || channels == 4 ? channels - 1 : channels
        var out = [Float](repeating: 0, count: height * width)
        samples.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                let target = target
                Parallel.forEach(height) { y in
                    for x in 0..<width {
                        let base = (y * width + x) * channels
                        var value = source[base]
                        for c in 1..<max(colours, 1) {
                            value = min(value, source[base + c])
                        }
                        target[y * width + x] = value
                    }
                }
            }
        }
        return Plane(width: width, height: height, pixels: out)
    }

    /// The mean over the (2r+1) x (2r+1) window around each pixel; near the
    /// edges the window is cut to the image and the mean taken over what
    /// is left. Running sums along rows, then down columns with a row of
    /// sums (threads take column strips): O(1) work per pixel for any
    /// `radius`, reading memory in order.
    public func boxMean(radius: Int) -> Plane {
        precondition(radius >= 0, "[plane] negative radius \(radius)")
        if radius == 0 || pixels.isEmpty { return self }
        let (w, h) = (width, height)
        var rows = [Float](repeating: 0, count: w * h)
        pixels.withUnsafeBufferPointer { source in
            rows.withUnsafeMutableBufferPointer { target in
                let target = target
                Parallel.forEach(h) { y in
                    let row = source.baseAddress! + y * w
                    let out = target.baseAddress! + y * w
                    var sum = 0.0
                    for x in 0..<min(radius, w) { sum += Double(row[x]) }
                    for x in 0..<w {
                        if x + radius < w { sum += Double(row[x + radius]) }
                        if x - radius - 1 >= 0 {
                            sum -= Double(row[x - radius - 1])
                        }
                        let n = min(w, x + radius + 1) - max(0, x - radius)
                        out[x] = Float(sum / Double(n))
                    }
                }
            }
        }
        var out = [Float](repeating: 0, count: w * h)
        let strip = 512
        rows.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                let target = target
                Parallel.forEach((w + strip - 1) / strip) { k in
                    let (x0, x1) = (k * strip, min(w, k * strip + strip))
                    var sums = [Double](repeating: 0, count: x1 - x0)
                    for y in 0..<min(radius, h) {
                        for x in x0..<x1 {
                            sums[x - x0] += Double(source[y * w + x])
                        }
                    }
                    for y in 0..<h {
                        let (add, drop) = (y + radius, y - radius - 1)
                        let n = Double(
                            min(h, y + radius + 1) - max(0, y - radius))
                        for x in x0..<x1 {
                            if add < h {
                                sums[x - x0] += Double(source[add * w + x])
                            }
                            if drop >= 0 {
                                sums[x - x0] -= Double(source[drop * w + x])
                            }
                            target[y * w + x] = Float(sums[x - x0] / n)
                        }
                    }
                }
            }
        }
        return Plane(width: w, height: h, pixels: out)
    }

    /// The maximum over `factor` x `factor` blocks: a (W/f) x (H/f) plane
    /// (rounded up; edge blocks are cut to the image).
    public func blockMaximum(factor: Int) -> Plane {
        precondition(factor >= 1, "[plane] block factor \(factor) < 1")
        let w = (width + factor - 1) / factor
        let h = (height + factor - 1) / factor
        var out = [Float](repeating: -.infinity, count: w * h)
        pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                let target = target
                Parallel.forEach(h) { by in
                    for y in (by * factor)..<min(height, by * factor + factor) {
                        let row = source.baseAddress! + y * width
                        for x in 0..<width {
                            let i = by * w + x / factor
                            target[i] = max(target[i], row[x])
                        }
                    }
                }
            }
        }
        return Plane(width: w, height: h, pixels: out)
    }

    /// The maximum over the (2r+1) x (2r+1) window around each pixel (grey
    /// dilation), separable; meant for small planes and radii.
    public func maximumFilter(radius: Int) -> Plane {
        func pass(_ plane: Plane) -> Plane {
            var out = Plane(width: plane.height, height: plane.width)
            for y in 0..<plane.height {
                for x in 0..<plane.width {
                    var value = -Float.infinity
                    for k in max(0, x - radius)...min(plane.width - 1, x + radius) {
                        value = max(value, plane[y, k])
                    }
                    out[x, y] = value
                }
            }
            return out
        }
        if radius == 0 || pixels.isEmpty { return self }
        return pass(pass(self))
    }

    /// Bilinear interpolation of a plane that was shrunk by `factor` (as by
    /// `blockMaximum`) back to `width` x `height`: sample (y, x) reads the
    /// small plane at ((y + 0.5) / f - 0.5, (x + 0.5) / f - 0.5).
    public func enlarged(factor: Int, width: Int, height: Int) -> Plane {
        if factor == 1 && width == self.width && height == self.height {
            return self
        }
        let f = Float(factor)
        let (sw, sh) = (self.width, self.height)
        var columns0 = [Int](repeating: 0, count: width)
        var columns1 = [Int](repeating: 0, count: width)
        var weights = [Float](repeating: 0, count: width)
        for x in 0..<width {
            let u = min(max((Float(x) + 0.5) / f - 0.5, 0), Float(sw - 1))
            columns0[x] = Int(u)
            columns1[x] = min(Int(u) + 1, sw - 1)
            weights[x] = u - Float(Int(u))
        }
        var out = [Float](repeating: 0, count: width * height)
        pixels.withUnsafeBufferPointer { small in
            out.withUnsafeMutableBufferPointer { target in
                let target = target
                Parallel.forEach(height) { y in
                    let v = min(max((Float(y) + 0.5) / f - 0.5, 0),
                                Float(sh - 1))
                    let r0 = Int(v) * sw
                    let r1 = min(Int(v) + 1, sh - 1) * sw
                    let t = v - Float(Int(v))
                    for x in 0..<width {
                        let (c0, c1) = (columns0[x], columns1[x])
                        let s = weights[x]
                        let (a, b) = (small[r0 + c0], small[r0 + c1])
                        let (c, d) = (small[r1 + c0], small[r1 + c1])
                        let top = a + s * (b - a)
                        let bottom = c + s * (d - c)
                        target[y * width + x] = top + t * (bottom - top)
                    }
                }
            }
        }
        return Plane(width: width, height: height, pixels: out)
    }
}

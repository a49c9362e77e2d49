import Foundation

/// Makes 32 x 32 character crops that look like the NIST36 training
/// images: the character's longer side spans `fill` of the frame, centred
/// on its box, strokes about `strokeFraction` of that side wide, soft
/// edges, paper 1 and ink 0, stored column-major (pixel row r, column c at
/// index c * 32 + r).
///
/// Reference figures, from nist36_valid.mat (first 2000 images, ink where
/// the value is below 0.5): the ink's longer side is 26 px (median; 10%
/// and 90% quantiles 24 and 28), its centre at (15.5, 15.5), its stroke
/// width 2 x area / edges 2.6 px (1.9 to 3.7), i.e. 0.1 of the side.
public struct CropNormalizer: Sendable {
    public static let side = 32
    /// The character's longer side over the frame's side.
    public var fill = 26.0 / 32
    /// The stroke width the crop aims at, over the character's longer side.
    public var strokeFraction = 0.1

    public init() {}

    /// The crop of `box` from `ink`: 1024 values, column-major.
    ///
    /// Thin strokes are dilated at photo resolution (radius half the
    /// missing width) before the crop is scaled down by averaging over
    /// each target pixel's footprint, then smoothed by a [1 2 1] / 4
    /// kernel both ways.
    ///
    /// `keep(y, x)`, when given, says which ink pixels of the box belong to
    /// its character (the others, a neighbour reaching into the box, are
    /// left out).
    public func crop(
        _ ink: InkMask, box: CharacterBox, strokeWidth: Double,
        keep: ((Int, Int) -> Bool)? = nil
    ) -> [Float] {
        let longSide = max(box.height, box.width)
        let target = strokeFraction * Double(longSide)
        let grow = max(0, Int(((target - strokeWidth) / 2).rounded()))

        // The box with room for the dilation, as its own small mask.
        let (top, left) = (box.top - grow, box.left - grow)
        let (h, w) = (box.height + 2 * grow, box.width + 2 * grow)
        var patch = [UInt8](repeating: 0, count: h * w)
        for y in 0..<h {
            let sy = top + y
            guard sy >= 0 && sy < ink.height else { continue }
            for x in 0..<w {
                let sx = left + x
                guard sx >= 0 && sx < ink.width else { continue }
                let inside = sy >= box.top && sy <= box.bottom
                    && sx >= box.left && sx <= box.right
                guard inside, ink.ink[sy * ink.width + sx] != 0 else { continue }
                if keep?(sy, sx) ?? true { patch[y * w + x] = 1 }
            }
        }
        let grown = InkMask(width: w, height: h, ink: patch)
            .dilated(radius: grow)

        // Target pixel (r, c) covers source rows top' + (r - r0) / k ..<
        // top' + (r + 1 - r0) / k, with k = fill * 32 / longSide and the
        // box centre at the frame centre.
        let n = CropNormalizer.side
        let k = fill * Double(n) / Double(longSide)
        let centerY = Double(h) / 2
        let centerX = Double(w) / 2
        let samples = max(2, Int((1 / k).rounded(.up)))
        var darkness = [Float](repeating: 0, count: n * n)
        for r in 0..<n {
            for c in 0..<n {
                var sum = 0
                for i in 0..<samples {
                    let v = (Double(r) + (Double(i) + 0.5) / Double(samples)
                        - Double(n) / 2) / k + centerY
                    let sy = Int(v.rounded(.down))
                    guard sy >= 0 && sy < h else { continue }
                    for j in 0..<samples {
                        let u = (Double(c) + (Double(j) + 0.5)
                            / Double(samples) - Double(n) / 2) / k + centerX
                        let sx = Int(u.rounded(.down))
                        guard sx >= 0 && sx < w else { continue }
                        sum += Int(grown.ink[sy * w + sx])
                    }
                }
                darkness[r * n + c] = Float(sum) / Float(samples * samples)
            }
        }
        darkness = CropNormalizer.smoothed(darkness, side: n)

        var columnMajor = [Float](repeating: 1, count: n * n)
        for r in 0..<n {
            for c in 0..<n {
                columnMajor[c * n + r] = 1 - min(1, darkness[r * n + c])
            }
        }
        return columnMajor
    }

    /// A [1 2 1] / 4 blur along both axes, edges repeated.
    static func smoothed(_ values: [Float], side n: Int) -> [Float] {
        func at(_ v: [Float], _ r: Int, _ c: Int) -> Float {
            v[min(max(r, 0), n - 1) * n + min(max(c, 0), n - 1)]
        }
        var rows = values
        for r in 0..<n {
            for c in 0..<n {
                rows[r * n + c] = (at(values, r, c - 1) + 2 * at(values, r, c)
                    + at(values, r, c + 1)) / 4
            }
        }
        var out = rows
        for r in 0..<n {
            for c in 0..<n {
                out[r * n + c] = (at(rows, r - 1, c) + 2 * at(rows, r, c)
                    + at(rows, r + 1, c)) / 4
            }
        }
        return out
    }
}

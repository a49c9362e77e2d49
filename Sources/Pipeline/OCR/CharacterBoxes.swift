/// One character's box in photo pixels, corners inclusive: rows
/// `top...bottom`, columns `left...right`.
public struct CharacterBox: Equatable, Sendable {
    public var top: Int
    public var left: Int
    public var bottom: Int
    public var right: Int

    public init(top: Int, left: Int, bottom: Int, right: Int) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    public var height: Int { bottom - top + 1 }
    public var width: Int { right - left + 1 }
    public var centerX: Double { Double(left + right) / 2 }
    public var centerY: Double { Double(top + bottom) / 2 }

    /// Whether the box spans a third of an image's height or width or
    /// more: too large for a character (a sheet's outline, a desk).
    public func spansAThird(height imageHeight: Int, width imageWidth: Int)
        -> Bool
    {
        3 * height > imageHeight || 3 * width > imageWidth
    }

    /// The smallest box holding both.
    public func union(_ other: CharacterBox) -> CharacterBox {
        CharacterBox(
            top: min(top, other.top), left: min(left, other.left),
            bottom: max(bottom, other.bottom), right: max(right, other.right))
    }
}

/// Finds one box per character among the components of the ink.
///
/// Sizes are relative to the letter height L, the area-weighted median
/// height of the components (weighting by area lets the few letters
/// outvote the many specks). The steps:
/// 1. drop components touching the image border (the sheet's edge, the
///    desk), long thin lines spanning a third of the image or more (the
///    outline of a sheet on a dark desk, `ComponentStatistics.isOutline`;
///    they would outvote the letters for L), and
///    those taller than `tallest` L or wider than `widest` L (rules,
///    smudges, shadows);
/// 2. merge pieces of one character: two components whose column ranges
///    overlap by at least half the narrower one, with a vertical gap under
///    `mergeGap` L and a union no taller than `mergedHeight` L (a broken
///    stroke, the bars of an E written apart, a dot above its stem);
/// 3. drop what is still smaller than `speck` L both ways (dots, specks,
///    the full stop after a list number);
/// 4. split a box wider than `splitWidth` times the median character
///    width W into round(width / W) parts, cutting at the column of least
///    ink near each equal division (characters that touch).
public struct CharacterBoxer: Sendable {
    public var tallest = 3.0
    public var widest = 6.0
    public var mergeGap = 0.3
    public var mergedHeight = 1.5
    public var speck = 0.3
    public var splitWidth = 1.8

    public init() {}

    public struct Result: Sendable {
        public var boxes: [CharacterBox]
        /// The letter height L in pixels (0 without components).
        public var letterHeight: Double
    }

    public func boxes(_ components: Components) -> Result {
        let present = components.statistics()
        let (w, h) = (components.width, components.height)
        var candidates = present.indices.filter { i in
            guard let s = present[i] else { return false }
            return s.box.top > 0 && s.box.left > 0 && s.box.bottom < h - 1
                && s.box.right < w - 1 && !s.isOutline(height: h, width: w)
        }
        let stats = present.map {
            $0 ?? ComponentStatistics(box: CharacterBox(
                top: 0, left: 0, bottom: 0, right: 0), area: 0)
        }
        let letter = CharacterBoxer.weightedMedianHeight(
            candidates.map { stats[$0] })
        guard letter > 0 else { return Result(boxes: [], letterHeight: 0) }
        candidates = candidates.filter {
            Double(stats[$0].box.height) <= tallest * letter
                && Double(stats[$0].box.width) <= widest * letter
        }

        var groups = mergePieces(candidates.map { stats[$0] }, letter: letter)
        groups = groups.filter {
            Double(max($0.box.height, $0.box.width)) >= speck * letter
        }

        let widths = groups.map(\.box)
            .filter { Double($0.height) >= 0.5 * letter }.map(\.width).sorted()
        let typicalWidth = widths.isEmpty
            ? letter : Double(widths[widths.count / 2])
        var boxes: [CharacterBox] = []
        for group in groups {
            let labels = group.members.map { Int32(candidates[$0] + 1) }
            let parts = Int((Double(group.box.width) / typicalWidth).rounded())
            if Double(group.box.width) > splitWidth * typicalWidth, parts >= 2 {
                boxes += CharacterBoxer.split(
                    group.box, into: parts, labels: Set(labels),
                    components: components)
            } else {
                boxes.append(group.box)
            }
        }
        boxes.sort {
            ($0.top, $0.left) < ($1.top, $1.left)
        }
        return Result(boxes: boxes, letterHeight: letter)
    }

    /// Groups of components (indices into `pieces`) that make one
    /// character, with their union box.
    func mergePieces(_ pieces: [ComponentStatistics], letter: Double)
        -> [(box: CharacterBox, members: [Int])]
    {
        var parent = Array(pieces.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        let order = pieces.indices.sorted {
            pieces[$0].box.left < pieces[$1].box.left
        }
        for (n, i) in order.enumerated() {
            let a = pieces[i].box
            for j in order[(n + 1)...] {
                let b = pieces[j].box
                if b.left > a.right { break }
                let overlap = min(a.right, b.right) - max(a.left, b.left) + 1
                guard 2 * overlap >= min(a.width, b.width) else { continue }
                let gap = max(a.top, b.top) - min(a.bottom, b.bottom) - 1
                let height = max(a.bottom, b.bottom) - min(a.top, b.top) + 1
                guard Double(gap) <= mergeGap * letter,
                    Double(height) <= mergedHeight * letter
                else { continue }
                let (ra, rb) = (root(i), root(j))
                if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
            }
        }
        var groups: [Int: (box: CharacterBox, members: [Int])] = [:]
        for i in pieces.indices {
            let box = pieces[i].box
            let r = root(i)
            if let group = groups[r] {
                groups[r] = (group.box.union(box), group.members + [i])
            } else {
                groups[r] = (box, [i])
            }
        }
        return groups.keys.sorted().map { groups[$0]! }
    }

    /// The height below which half of all ink pixels' components lie.
    static func weightedMedianHeight(_ stats: [ComponentStatistics])
        -> Double
    {
        let sorted = stats.sorted { $0.box.height < $1.box.height }
        let total = sorted.reduce(0) { $0 + $1.area }
        var seen = 0
        for s in sorted {
            seen += s.area
            if 2 * seen >= total { return Double(s.box.height) }
        }
        return 0
    }

    /// `box` cut into `parts` boxes at the columns of least ink (pixels of
    /// `labels`) within a quarter part-width of each equal division, each
    /// part shrunk to its own ink.
    static func split(
        _ box: CharacterBox, into parts: Int, labels: Set<Int32>,
        components: Components
    ) -> [CharacterBox] {
        var columnInk = [Int](repeating: 0, count: box.width)
        for y in box.top...box.bottom {
            for x in box.left...box.right
            where labels.contains(components.labels[y * components.width + x]) {
                columnInk[x - box.left] += 1
            }
        }
        let partWidth = Double(box.width) / Double(parts)
        var cuts = [0]
        for k in 1..<parts {
            let center = Int(Double(k) * partWidth)
            let reach = max(1, Int(partWidth / 4))
            let lo = max(cuts.last! + 1, center - reach)
            let hi = min(box.width - 2, center + reach)
            guard lo <= hi else { continue }
            let cut = (lo...hi).min { columnInk[$0] < columnInk[$1] }!
            cuts.append(cut)
        }
        cuts.append(box.width)

        var boxes: [CharacterBox] = []
        for k in 0..<(cuts.count - 1) {
            let (x0, x1) = (box.left + cuts[k], box.left + cuts[k + 1] - 1)
            var part: CharacterBox?
            for y in box.top...box.bottom {
                for x in x0...x1
                where labels.contains(
                    components.labels[y * components.width + x])
                {
                    let pixel = CharacterBox(top: y, left: x, bottom: y, right: x)
                    part = part.map { $0.union(pixel) } ?? pixel
                }
            }
            if let part { boxes.append(part) }
        }
        return boxes
    }
}

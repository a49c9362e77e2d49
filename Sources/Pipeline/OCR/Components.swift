/// The connected components of an ink mask, 8-connectivity: two ink
/// pixels belong together when they touch by a side or a corner.
///
/// Labelling works on runs (maximal horizontal stretches of ink in a row):
/// runs are found row by row in parallel, then a union–find joins each run
/// with the runs of the row above that overlap it or touch it diagonally,
/// which is one pass over the runs: linear in pixels plus runs. Labels are
/// 1...count in the order of each component's first pixel in raster order;
/// paper is 0.
public struct Components: Sendable {
    public let width: Int
    public let height: Int
    /// `labels[y * width + x]`: 0 paper, 1...count a component.
    public var labels: [Int32]
    public let count: Int

    public init(width: Int, height: Int, labels: [Int32], count: Int) {
        precondition(labels.count == width * height,
                     "[components] \(labels.count) labels for \(width)x\(height)")
        self.width = width
        self.height = height
        self.labels = labels
        self.count = count
    }

    /// Labels the ink of `mask`.
    public init(_ mask: InkMask) {
        let (w, h) = (mask.width, mask.height)
        let (rows, label, count) = Components.labelRuns(InkRuns(mask))
        var labels = [Int32](repeating: 0, count: w * h)
        labels.withUnsafeMutableBufferPointer { target in
            let target = target
            Parallel.forEach(h) { y in
                for run in rows.start[y]..<rows.start[y + 1] {
                    let base = y * w
                    for x in Int(rows.first[run])...Int(rows.last[run]) {
                        target[base + x] = label[run]
                    }
                }
            }
        }
        self.init(width: w, height: h, labels: labels, count: count)
    }

    /// The component label (1...count) of every run: a union–find joins
    /// each run with the runs of the row above that overlap it or touch it
    /// diagonally, one pass over the runs.
    static func labelRuns(_ rows: InkRuns)
        -> (runs: InkRuns, labels: [Int32], count: Int)
    {
        var parent = [Int32](0..<Int32(rows.count))

        func root(_ i: Int32) -> Int32 {
            var i = i
            while parent[Int(i)] != i {
                parent[Int(i)] = parent[Int(parent[Int(i)])]
                i = parent[Int(i)]
            }
            return i
        }

        // A run [s, e] touches [s', e'] of the row above when s <= e' + 1
        // and s' <= e + 1.
        let h = rows.start.count - 1
        if h > 1 {
            for y in 1..<h {
                var above = rows.start[y - 1]
                let aboveEnd = rows.start[y]
                for run in rows.start[y]..<rows.start[y + 1] {
                    let (s, e) = (rows.first[run], rows.last[run])
                    while above < aboveEnd && rows.last[above] + 1 < s {
                        above += 1
                    }
                    var k = above
                    while k < aboveEnd && rows.first[k] <= e + 1 {
                        let (a, b) = (root(Int32(run)), root(Int32(k)))
                        if a != b { parent[Int(max(a, b))] = min(a, b) }
                        k += 1
                    }
                }
            }
        }

        // Roots are the earliest run of each component, so numbering roots
        // in run order numbers components by their first pixel.
        var label = [Int32](repeating: 0, count: rows.count)
        var count: Int32 = 0
        for run in 0..<rows.count {
            let r = root(Int32(run))
            if r == Int32(run) {
                count += 1
                label[run] = count
            } else {
                label[run] = label[Int(r)]
            }
        }
        return (rows, label, Int(count))
    }

    /// Box and pixel count of every component, index `label - 1`; nil
    /// for a label no pixel carries (a hand-made label image may skip
    /// some).
    public func statistics() -> [ComponentStatistics?] {
        var boxes = [CharacterBox?](repeating: nil, count: count)
        var areas = [Int](repeating: 0, count: count)
        for y in 0..<height {
            let base = y * width
            var x = 0
            while x < width {
                let label = Int(labels[base + x])
                let start = x
                while x < width && labels[base + x] == Int32(label) { x += 1 }
                guard label > 0, label <= count else { continue }
                let run = CharacterBox(
                    top: y, left: start, bottom: y, right: x - 1)
                boxes[label - 1] = boxes[label - 1]?.union(run) ?? run
                areas[label - 1] += x - start
            }
        }
        return (0..<count).map { i in
            boxes[i].map { ComponentStatistics(box: $0, area: areas[i]) }
        }
    }

    /// The box of each component of labelled runs, index `label` (index 0,
    /// paper, holds nil).
    static func boxes(_ runs: InkRuns, labels: [Int32], count: Int)
        -> [CharacterBox?]
    {
        var boxes = [CharacterBox?](repeating: nil, count: count + 1)
        for y in 0..<(runs.start.count - 1) {
            for run in runs.start[y]..<runs.start[y + 1] {
                let c = Int(labels[run])
                let box = CharacterBox(
                    top: y, left: Int(runs.first[run]), bottom: y,
                    right: Int(runs.last[run]))
                boxes[c] = boxes[c]?.union(box) ?? box
            }
        }
        return boxes
    }
}

/// The bounding box and pixel count of a component.
public struct ComponentStatistics: Equatable, Sendable {
    public var box: CharacterBox
    public var area: Int

    public init(box: CharacterBox, area: Int) {
        self.box = box
        self.area = area
    }

    /// The share of the box's pixels that are ink: 0.1–0.3 for a letter's
    /// strokes, a few hundredths for a sheet's outline.
    public var fill: Double {
        Double(area) / Double(box.height * box.width)
    }

    /// Whether the component is the outline of a sheet or the edge of a
    /// desk rather than writing: it spans a third of the image's height
    /// or width and is a long thin line: its ink fills under
    /// `outlineFill` of its box (a frame, a long curve or slanted edge),
    /// or it spans two thirds of both the height and the width (a frame
    /// around the page, however thick), or it runs along two thirds of a
    /// side, ten times longer than wide (a straight edge). Extent alone
    /// would take the letters of a tightly cropped word for outlines.
    ///
    /// Limitation: a photo of a single letter spanning two thirds of the
    /// frame both ways reads as a frame and finds no box.
    public func isOutline(height: Int, width: Int) -> Bool {
        guard box.spansAThird(height: height, width: width) else {
            return false
        }
        let (long, short) = (
            max(box.height, box.width), min(box.height, box.width))
        let side = box.height >= box.width ? height : width
        let encloses = 3 * box.height >= 2 * height
            && 3 * box.width >= 2 * width
        return fill < ComponentStatistics.outlineFill || encloses
            || (3 * long >= 2 * side && long >= 10 * short)
    }

    /// The fill under which a component spanning a third of the image is
    /// an outline.
    public static let outlineFill = 0.05
}

/// The runs of ink of a mask, row by row: the runs of row y are
/// `start[y]..<start[y + 1]`, each from column `first` to `last` inclusive.
struct InkRuns {
    var start: [Int]
    var first: [Int32]
    var last: [Int32]

    var count: Int { first.count }

    init(_ mask: InkMask) {
        let (w, h) = (mask.width, mask.height)
        var perRow = [[Int32]](repeating: [], count: h)
        mask.ink.withUnsafeBufferPointer { ink in
            perRow.withUnsafeMutableBufferPointer { perRow in
                let perRow = perRow
                Parallel.forEach(h) { y in
                    var runs: [Int32] = []
                    let row = ink.baseAddress! + y * w
                    var x = 0
                    while x < w {
                        if row[x] == 0 { x += 1; continue }
                        let s = x
                        while x < w && row[x] != 0 { x += 1 }
                        runs.append(Int32(s))
                        runs.append(Int32(x - 1))
                    }
                    perRow[y] = runs
                }
            }
        }
        start = [0]
        start.reserveCapacity(h + 1)
        first = []
        last = []
        for runs in perRow {
            for k in stride(from: 0, to: runs.count, by: 2) {
                first.append(runs[k])
                last.append(runs[k + 1])
            }
            start.append(first.count)
        }
    }
}

extension InkRuns {
    /// The mean stroke width, 2 x ink area / boundary length (see
    /// `InkMask.strokeWidth`), over the components that are no outline
    /// (`ComponentStatistics.isOutline`): the outline of a sheet or the
    /// edge of a desk is no stroke. Counted on runs: a run of length n
    /// has 2 side edges and n top and n bottom edges less the columns it
    /// shares with runs in the rows above and below. Nil without such ink.
    func letterStrokeWidth(height: Int, width: Int) -> Double? {
        let (_, labels, count) = Components.labelRuns(self)
        return letterStrokeWidth(
            height: height, width: width, labels: labels, count: count)
    }

    /// `letterStrokeWidth` with the runs' component labels already found
    /// (`Components.labelRuns`).
    func letterStrokeWidth(height: Int, width: Int, labels: [Int32],
                           count: Int) -> Double? {
        let runs = self
        var area = [Int](repeating: 0, count: count + 1)
        var edges = [Int](repeating: 0, count: count + 1)
        for y in 0..<(runs.start.count - 1) {
            var above = y > 0 ? runs.start[y - 1] : 0
            let aboveEnd = y > 0 ? runs.start[y] : 0
            for run in runs.start[y]..<runs.start[y + 1] {
                let c = Int(labels[run])
                let (s, e) = (Int(runs.first[run]), Int(runs.last[run]))
                area[c] += e - s + 1
                edges[c] += 2 + 2 * (e - s + 1)
                while above < aboveEnd && Int(runs.last[above]) < s {
                    above += 1
                }
                var k = above
                while k < aboveEnd && Int(runs.first[k]) <= e {
                    let shared = min(e, Int(runs.last[k]))
                        - max(s, Int(runs.first[k])) + 1
                    edges[c] -= 2 * max(0, shared)
                    k += 1
                }
            }
        }
        let boxes = Components.boxes(runs, labels: labels, count: count)
        var (totalArea, totalEdges) = (0, 0)
        for c in 1..<(count + 1)
        where !ComponentStatistics(box: boxes[c]!, area: area[c])
            .isOutline(height: height, width: width)
        {
            totalArea += area[c]
            totalEdges += edges[c]
        }
        return totalEdges == 0 ? nil
            : 2 * Double(totalArea) / Double(totalEdges)
    }
}

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

    /// Box and pixel count of every component, index `label - 1`.
    public func statistics() -> [ComponentStatistics] {
        var stats = (0..<count).map { _ in
            ComponentStatistics(
                top: Int.max, left: Int.max, bottom: -1, right: -1, area: 0)
        }
        for y in 0..<height {
            let base = y * width
            for x in 0..<width {
                let label = Int(labels[base + x])
                guard label > 0 else { continue }
                stats[label - 1].include(y: y, x: x)
            }
        }
        return stats
    }
}

/// The bounding box (corners inclusive) and pixel count of a component.
public struct ComponentStatistics: Equatable, Sendable {
    public var top: Int
    public var left: Int
    public var bottom: Int
    public var right: Int
    public var area: Int

    public init(top: Int, left: Int, bottom: Int, right: Int, area: Int) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
        self.area = area
    }

    public var height: Int { bottom - top + 1 }
    public var width: Int { right - left + 1 }

    mutating func include(y: Int, x: Int) {
        top = min(top, y)
        bottom = max(bottom, y)
        left = min(left, x)
        right = max(right, x)
        area += 1
    }
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
    /// `InkMask.strokeWidth`), over the components spanning less than a
    /// third of the image's height and width: the outline of a sheet or
    /// the edge of a desk is no stroke. Counted on runs: a run of length n
    /// has 2 side edges and n top and n bottom edges less the columns it
    /// shares with runs in the rows above and below. Nil without such ink.
    func letterStrokeWidth(height: Int, width: Int) -> Double? {
        let (runs, labels, count) = Components.labelRuns(self)
        var area = [Int](repeating: 0, count: count + 1)
        var edges = [Int](repeating: 0, count: count + 1)
        var top = [Int](repeating: .max, count: count + 1)
        var bottom = [Int](repeating: -1, count: count + 1)
        var left = [Int](repeating: .max, count: count + 1)
        var right = [Int](repeating: -1, count: count + 1)
        for y in 0..<(runs.start.count - 1) {
            var above = y > 0 ? runs.start[y - 1] : 0
            let aboveEnd = y > 0 ? runs.start[y] : 0
            for run in runs.start[y]..<runs.start[y + 1] {
                let c = Int(labels[run])
                let (s, e) = (Int(runs.first[run]), Int(runs.last[run]))
                area[c] += e - s + 1
                edges[c] += 2 + 2 * (e - s + 1)
                (top[c], bottom[c]) = (min(top[c], y), max(bottom[c], y))
                (left[c], right[c]) = (min(left[c], s), max(right[c], e))
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
        var (totalArea, totalEdges) = (0, 0)
        for c in 1..<(count + 1)
        where 3 * (bottom[c] - top[c] + 1) <= height
            && 3 * (right[c] - left[c] + 1) <= width
        {
            totalArea += area[c]
            totalEdges += edges[c]
        }
        return totalEdges == 0 ? nil
            : 2 * Double(totalArea) / Double(totalEdges)
    }
}

/// Reads character boxes as lines of text: groups boxes into lines, orders
/// each line left to right and puts spaces into the wide gaps.
///
/// Lines: boxes are visited left to right; each joins the line whose
/// course, extrapolated from its last box with the line's slope (least
/// squares over its box centres, at most `maxSlope`), passes within
/// `lineTolerance` heights of the box's centre, the nearest such line, or
/// starts a new one. Visiting left to right lets a line drift up or down
/// as a slanted line does. Pieces of one line that end up apart (a gap
/// wider than the slope could bridge) are joined when they do not overlap
/// in x and their centres lie within the tolerance. Lines are ordered by
/// their mean centre, top to bottom.
///
/// Spaces: a gap between neighbours wider than `spaceGap` times the
/// median box height of that line.
public struct LineDecoder: Sendable {
    public var lineTolerance = 0.5
    public var maxSlope = 0.3
    public var spaceGap = 0.6

    public init() {}

    /// Indices into `boxes`, one array per line, each left to right.
    public func lines(_ boxes: [CharacterBox]) -> [[Int]] {
        var lines: [[Int]] = []
        let order = boxes.indices.sorted {
            (boxes[$0].centerX, boxes[$0].centerY)
                < (boxes[$1].centerX, boxes[$1].centerY)
        }
        for i in order {
            let box = boxes[i]
            var best: (line: Int, distance: Double)?
            for (n, line) in lines.enumerated() {
                let last = boxes[line.last!]
                guard Double(last.right) < box.centerX else { continue }
                let predicted = last.centerY
                    + slope(line, boxes) * (box.centerX - last.centerX)
                let height = Double(max(box.height, medianHeight(line, boxes)))
                let distance = abs(box.centerY - predicted)
                if distance <= lineTolerance * height,
                    distance < best?.distance ?? .infinity
                {
                    best = (n, distance)
                }
            }
            if let best { lines[best.line].append(i) } else { lines.append([i]) }
        }
        lines = joinPieces(lines, boxes)
        return lines.sorted { meanY($0, boxes) < meanY($1, boxes) }
    }

    /// The text: one line of characters per line of boxes, spaces in the
    /// wide gaps, lines joined by newlines. `characters[i]` reads box i.
    public func text(_ boxes: [CharacterBox], characters: [Character])
        -> String
    {
        precondition(boxes.count == characters.count,
                     "[decode] \(boxes.count) boxes, \(characters.count) characters")
        return lines(boxes).map { line in
            let height = Double(medianHeight(line, boxes))
            var text = ""
            for (k, i) in line.enumerated() {
                if k > 0 {
                    let gap = boxes[i].left - boxes[line[k - 1]].right - 1
                    if Double(gap) > spaceGap * height { text.append(" ") }
                }
                text.append(characters[i])
            }
            return text
        }.joined(separator: "\n")
    }

    /// Least-squares slope dy/dx of the line's box centres, clamped.
    func slope(_ line: [Int], _ boxes: [CharacterBox]) -> Double {
        guard line.count >= 2 else { return 0 }
        let xs = line.map { boxes[$0].centerX }
        let ys = line.map { boxes[$0].centerY }
        let mx = xs.reduce(0, +) / Double(xs.count)
        let my = ys.reduce(0, +) / Double(ys.count)
        var (sxy, sxx) = (0.0, 0.0)
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        guard sxx > 0 else { return 0 }
        return min(max(sxy / sxx, -maxSlope), maxSlope)
    }

    func medianHeight(_ line: [Int], _ boxes: [CharacterBox]) -> Int {
        let heights = line.map { boxes[$0].height }.sorted()
        return heights[heights.count / 2]
    }

    func meanY(_ line: [Int], _ boxes: [CharacterBox]) -> Double {
        line.map { boxes[$0].centerY }.reduce(0, +) / Double(line.count)
    }

    /// Joins lines that lie side by side (no overlap in x) with centres
    /// within the tolerance where they meet.
    func joinPieces(_ lines: [[Int]], _ boxes: [CharacterBox]) -> [[Int]] {
        var lines = lines.sorted {
            boxes[$0.first!].centerX < boxes[$1.first!].centerX
        }
        var joined = true
        while joined {
            joined = false
            search: for a in lines.indices {
                for b in lines.indices where b != a {
                    let left = boxes[lines[a].last!]
                    let right = boxes[lines[b].first!]
                    guard left.right < right.left else { continue }
                    let height = Double(max(
                        medianHeight(lines[a], boxes),
                        medianHeight(lines[b], boxes)))
                    let dy = abs(meanY(lines[a], boxes) - meanY(lines[b], boxes))
                    if dy <= lineTolerance * height {
                        lines[a] += lines[b]
                        lines.remove(at: b)
                        joined = true
                        break search
                    }
                }
            }
        }
        return lines
    }
}

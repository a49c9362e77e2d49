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
/// Spaces: gaps are measured in the line's median box height and split
/// into narrow (between letters) and wide (between words), see `spaces`.
public struct LineDecoder: Sendable {
    public var lineTolerance = 0.5
    public var maxSlope = 0.3
    /// The narrowest gap between words, in box heights.
    public var spaceGap = 0.8
    /// The median gap from which a line's letters count as written apart.
    public var letterSpacing = 0.45

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
        return text(words: words(boxes), characters: characters)
    }

    /// `text(_:characters:)` on lines already cut into `words(_:)`.
    public func text(words: [[[Int]]], characters: [Character]) -> String {
        words.map { line in
            line.map { String($0.map { characters[$0] }) }
                .joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// The text read from class probabilities (`probabilities[i]` over
    /// `classes` for box i): as `text(_:characters:)` with each box's most
    /// probable class, except that a word of letters and digits is read
    /// as one kind: the kind with the larger total probability over the
    /// word takes all its characters (so O/0, I/1, S/5, Z/2 follow their
    /// neighbours). Single-character words follow the same vote among the
    /// line's single-character words when there are at least three.
    public func text(
        _ boxes: [CharacterBox], probabilities: [[Float]],
        classes: [Character]
    ) -> String {
        text(boxes, characters: characters(
            boxes, probabilities: probabilities, classes: classes))
    }

    /// What each box reads after the vote of `text(_:probabilities:
    /// classes:)`, in the order of `boxes`.
    public func characters(
        _ boxes: [CharacterBox], probabilities: [[Float]],
        classes: [Character]
    ) -> [Character] {
        precondition(boxes.count == probabilities.count,
                     "[decode] \(boxes.count) boxes, \(probabilities.count) rows")
        return characters(words: words(boxes), count: boxes.count,
                          probabilities: probabilities, classes: classes)
    }

    /// `characters(_:probabilities:classes:)` on lines already cut into
    /// `words(_:)` of `count` boxes.
    public func characters(
        words lines: [[[Int]]], count: Int, probabilities: [[Float]],
        classes: [Character]
    ) -> [Character] {
        let isDigit = classes.map(\.isNumber)
        func best(_ i: Int, digit: Bool?) -> Character {
            var pick = -1
            for (k, p) in probabilities[i].enumerated()
            where digit == nil || isDigit[k] == digit {
                if pick < 0 || p > probabilities[i][pick] { pick = k }
            }
            return classes[pick < 0 ? 0 : pick]
        }
        func digitVote(_ members: [Int]) -> Bool {
            var (digits, letters) = (0.0, 0.0)
            for i in members {
                for (k, p) in probabilities[i].enumerated() {
                    if isDigit[k] { digits += Double(p) } else {
                        letters += Double(p)
                    }
                }
            }
            return digits > letters
        }
        var read = [Character](repeating: " ", count: count)
        for line in lines {
            let singles = line.filter { $0.count == 1 }.map { $0[0] }
            let singleKind: Bool? = singles.count >= 3
                ? digitVote(singles) : nil
            for word in line {
                let kind = word.count == 1 ? singleKind : digitVote(word)
                for i in word { read[i] = best(i, digit: kind) }
            }
        }
        return read
    }

    /// The lines, each as words, each word box indices left to right.
    public func words(_ boxes: [CharacterBox]) -> [[[Int]]] {
        lines(boxes).map { line in
            let height = Double(medianHeight(line, boxes))
            let gaps = (1..<max(1, line.count)).map {
                Double(boxes[line[$0]].left - boxes[line[$0 - 1]].right - 1)
                    / height
            }
            let widths = line.map { boxes[$0].width }.sorted()
            let breaks = spaces(
                gaps, letterWidth: Double(widths[widths.count / 2]) / height)
            var words: [[Int]] = [[line[0]]]
            for k in 1..<max(1, line.count) {
                if breaks[k - 1] { words.append([]) }
                words[words.count - 1].append(line[k])
            }
            return words
        }
    }

    /// Which gaps (in units of the line's median box height) are spaces.
    ///
    /// Otsu's split of the line's gaps into narrow and wide: when the wide
    /// ones average at least twice the narrow ones, the gaps of the wide
    /// class of at least `spaceGap` are spaces. Otherwise the gaps are of
    /// one kind: all spaces when their median is at least `letterSpacing`
    /// and at least the line's median letter width `letterWidth` (letters
    /// written apart, each a word, as in a form's boxes: a gap narrower
    /// than a letter is the spacing of one widely written word), else
    /// only gaps of twice `spaceGap`.
    ///
    /// Limitation: a line of two or three letters with gaps about a
    /// letter wide (NAP cropped out of 01_list) still reads as letters
    /// written apart, `N A P`: so few gaps do not tell the two apart.
    public func spaces(_ gaps: [Double], letterWidth: Double = 0)
        -> [Bool]
    {
        let sorted = gaps.sorted()
        let n = sorted.count
        guard n > 0 else { return [] }
        var split: (cut: Int, between: Double)?
        let total = sorted.reduce(0, +)
        var low = 0.0
        for k in 1..<max(1, n) {
            low += sorted[k - 1]
            let (mLow, mHigh) = (low / Double(k), (total - low) / Double(n - k))
            let between = Double(k * (n - k)) * (mHigh - mLow) * (mHigh - mLow)
            if between > split?.between ?? -1 { split = (k, between) }
        }
        if let split {
            let k = split.cut
            let mLow = sorted[..<k].reduce(0, +) / Double(k)
            let mHigh = sorted[k...].reduce(0, +) / Double(n - k)
            if mHigh >= 2 * max(mLow, 0.05) && mHigh >= spaceGap {
                let threshold = max(sorted[k], spaceGap)
                return gaps.map { $0 >= threshold }
            }
        }
        if sorted[n / 2] >= max(letterSpacing, letterWidth) {
            return gaps.map { $0 >= letterSpacing / 2 }
        }
        return gaps.map { $0 >= 2 * spaceGap }
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

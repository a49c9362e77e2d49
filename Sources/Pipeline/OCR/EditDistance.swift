/// The Levenshtein distance between two strings, counted in characters:
/// the fewest insertions, deletions and substitutions that turn `a` into
/// `b`. O(|a| |b|) time, O(|b|) memory.
public func editDistance(_ a: String, _ b: String) -> Int {
    let (a, b) = (Array(a), Array(b))
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1,
                previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// Character error rate of a recognised text against a reference, the way
/// the OCR benchmark scores it: both are upper-cased and reduced to A-Z,
/// 0-9 and (unless `ignoringLayout`) single spaces and line breaks, then
/// the edit distance is divided by the reference's length.
public func characterErrorRate(
    _ text: String, reference: String, ignoringLayout: Bool
) -> Double {
    let (t, r) = (
        scoredCharacters(text, ignoringLayout: ignoringLayout),
        scoredCharacters(reference, ignoringLayout: ignoringLayout))
    guard !r.isEmpty else { return t.isEmpty ? 0 : 1 }
    return Double(editDistance(t, r)) / Double(r.count)
}

/// The characters the benchmark scores: A-Z and 0-9 after upper-casing;
/// with layout, runs of blanks become one space and lines one newline,
/// with no blanks at line ends and no empty lines.
public func scoredCharacters(_ text: String, ignoringLayout: Bool) -> String {
    let lines = text.uppercased().split(
        separator: "\n", omittingEmptySubsequences: true
    ).map { line in
        line.split(separator: " ", omittingEmptySubsequences: true).map {
            String($0.filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }.filter { !$0.isEmpty }
    }.filter { !$0.isEmpty }
    if ignoringLayout { return lines.map { $0.joined() }.joined() }
    return lines.map { $0.joined(separator: " ") }.joined(separator: "\n")
}

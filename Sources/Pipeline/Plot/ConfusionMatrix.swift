import Foundation

/// Counts of (true class, predicted class): row i, column j holds how many
/// samples of class i were predicted as class j.
public struct ConfusionMatrix: Sendable {
    /// `size * size` counts, row-major.
    public let counts: [Int]
    public let classes: [String]
    public var size: Int { classes.count }

    public init(counts: [Int], classes: [String]) {
        precondition(counts.count == classes.count * classes.count,
                     "[confusion] \(counts.count) counts for "
                         + "\(classes.count) classes")
        self.counts = counts
        self.classes = classes
    }

    public subscript(truth: Int, predicted: Int) -> Int {
        counts[truth * size + predicted]
    }

    public var total: Int { counts.reduce(0, +) }
    public var correct: Int { (0..<size).reduce(0) { $0 + self[$1, $1] } }
    /// Correct over total; 0 for an empty matrix.
    public var accuracy: Double {
        total == 0 ? 0 : Double(correct) / Double(total)
    }

    /// Two classes taken for each other, in both directions.
    public struct Pair: Equatable, Sendable {
        public let first: Int
        public let second: Int
        /// Samples of `first` predicted as `second`.
        public let firstAsSecond: Int
        public let secondAsFirst: Int
        public var total: Int { firstAsSecond + secondAsFirst }
    }

    /// The pairs of distinct classes with the most mix-ups in either
    /// direction, most first (ties by class order); pairs never confused
    /// are left out.
    public func confusedPairs(limit: Int) -> [Pair] {
        var pairs: [Pair] = []
        for i in 0..<size {
            for j in (i + 1)..<max(i + 1, size) {
                let pair = Pair(first: i, second: j,
                                firstAsSecond: self[i, j],
                                secondAsFirst: self[j, i])
                if pair.total > 0 { pairs.append(pair) }
            }
        }
        pairs.sort {
            $0.total != $1.total ? $0.total > $1.total
                : ($0.first, $0.second) < ($1.first, $1.second)
        }
        return Array(pairs.prefix(limit))
    }

    /// `O and 0: 17 (O as 0: 12, 0 as O: 5)`.
    public func describe(_ pair: Pair) -> String {
        let (a, b) = (classes[pair.first], classes[pair.second])
        return "\(a) and \(b): \(pair.total) (\(a) as \(b): "
            + "\(pair.firstAsSecond), \(b) as \(a): \(pair.secondAsFirst))"
    }

    /// `accuracy 76.4% (1375 of 1800)`.
    public var accuracyText: String {
        String(format: "accuracy %.1f%% (%d of %d)", accuracy * 100,
               correct, total)
    }

    /// Class names from a `classes` attribute: comma-separated names, or
    /// one character per class when there is no comma (`ABC…`).
    public static func classNames(_ attribute: String) -> [String] {
        if attribute.contains(",") {
            return attribute
                .split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return attribute.map { String($0) }
    }
}

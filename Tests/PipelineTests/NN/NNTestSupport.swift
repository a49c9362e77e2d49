import XCTest
@testable import Pipeline

/// Small random problems for the network tests.
enum NNTestSupport {
    /// A tensor of `shape` with entries uniform in [−1, 1), from `seed`.
    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return .uniform(shape: shape, low: -1, high: 1, using: &g)
    }

    /// `count` labels in `0..<classes`, from `seed`.
    static func labels(_ count: Int, classes: Int, seed: UInt64) -> [Int] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in g.nextIndex(below: classes) }
    }

    /// A separable problem: class k's rows are noise around a fixed
    /// random centre of its own.
    static func clusters(rows: Int, width: Int, classes: Int, seed: UInt64)
        -> LabelledSet
    {
        let centres = random([classes, width], seed: seed)
        let noise = random([rows, width], seed: seed + 1)
        let labels = self.labels(rows, classes: classes, seed: seed + 2)
        var x = Tensor(zeros: [rows, width])
        for r in 0..<rows {
            for c in 0..<width {
                x[r, c] = centres[labels[r], c] + 0.3 * noise[r, c]
            }
        }
        return LabelledSet(x: x, labels: labels, classCount: classes)
    }
}

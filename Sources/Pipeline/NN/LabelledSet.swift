/// Examples as rows of a float32 matrix with one class index per row.
public struct LabelledSet: Sendable {
    /// `[N, D]`, one example per row.
    public var x: Tensor
    /// N class indices in `0..<classCount`.
    public var labels: [Int]
    public var classCount: Int

    public init(x: Tensor, labels: [Int], classCount: Int) {
        precondition(x.rank == 2 && x.shape[0] == labels.count,
                     "[LabelledSet] \(labels.count) labels for \(x.shape)")
        precondition(labels.allSatisfy { $0 >= 0 && $0 < classCount },
                     "[LabelledSet] a label is outside 0..<\(classCount)")
        self.x = x
        self.labels = labels
        self.classCount = classCount
    }

    public var count: Int { labels.count }
    public var width: Int { x.shape[1] }

    /// The first `count` rows (all when `count` is larger).
    public func prefix(_ count: Int) -> LabelledSet {
        let n = Swift.min(count, self.count)
        return LabelledSet(x: x.rows(0..<n), labels: Array(labels[..<n]),
                           classCount: classCount)
    }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabelledSet {
        LabelledSet(x: x.rows(indices), labels: indices.map { labels[$0] },
                    classCount: classCount)
    }
}

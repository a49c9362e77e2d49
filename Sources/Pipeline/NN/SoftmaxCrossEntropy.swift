import Foundation

/// Softmax over each row of the logits, and the cross-entropy loss
/// against class labels, averaged over the rows.
///
///     p[n, k] = e^(z[n, k] − m_n) / Σ_j e^(z[n, j] − m_n),  m_n = max_j z[n, j]
///     J = −(1/N) Σ_n log p[n, y_n]
///     ∂J/∂z[n, k] = (p[n, k] − [k = y_n]) / N
///
/// Subtracting the row maximum changes nothing mathematically and keeps
/// every exponent ≤ 0, so huge logits neither overflow nor give NaN.
public enum SoftmaxCrossEntropy {
    /// The row-wise softmax of `logits` `[N, K]`, in place.
    public static func softmax(_ logits: inout Tensor) {
        precondition(logits.rank == 2,
                     "[softmax] needs [N, K] logits, got \(logits.shape)")
        let (rows, classes) = (logits.shape[0], logits.shape[1])
        guard classes > 0 else { return }
        logits.scalars.withUnsafeMutableBufferPointer { z in
            for r in 0..<rows {
                let row = UnsafeMutableBufferPointer(
                    rebasing: z[(r * classes)..<((r + 1) * classes)])
                var top = row[0]
                for value in row where value > top { top = value }
                var total: Float = 0
                for j in row.indices {
                    row[j] = expf(row[j] - top)
                    total += row[j]
                }
                let scale = 1 / total
                for j in row.indices { row[j] *= scale }
            }
        }
    }

    /// The softmax of `logits`, as a new tensor.
    public static func probabilities(_ logits: Tensor) -> Tensor {
        var p = logits
        softmax(&p)
        return p
    }

    /// The summed (not yet averaged) loss `−Σ_n log p[n, y_n]` and the
    /// number of rows whose largest probability is at the label.
    ///
    /// A probability that rounds to 0 contributes `−log(Float.leastNonzero)`
    /// (about 103) rather than infinity.
    public static func loss(probabilities p: Tensor, labels: [Int])
        -> (sum: Double, correct: Int)
    {
        let (rows, classes) = (p.shape[0], p.shape[1])
        precondition(labels.count == rows,
                     "[loss] \(labels.count) labels for \(rows) rows")
        var sum = 0.0
        var correct = 0
        p.scalars.withUnsafeBufferPointer { p in
            for r in 0..<rows {
                let row = p[(r * classes)..<((r + 1) * classes)]
                let label = labels[r]
                let q = Swift.max(row[r * classes + label],
                                  Float.leastNonzeroMagnitude)
                sum -= Double(logf(q))
                var best = r * classes
                for j in row.indices where row[j] > row[best] { best = j }
                if best - r * classes == label { correct += 1 }
            }
        }
        return (sum, correct)
    }

    /// `∂J/∂z = (p − onehot(y)) / N` in place over the probabilities, for
    /// the loss averaged over `count` rows.
    public static func gradient(_ p: inout Tensor, labels: [Int],
                                count: Int) {
        let classes = p.shape[1]
        let scale = 1 / Float(count)
        p.scalars.withUnsafeMutableBufferPointer { g in
            for (r, label) in labels.enumerated() {
                g[r * classes + label] -= 1
            }
            for i in g.indices { g[i] *= scale }
        }
    }
}

/// A trained network that maps inputs `[N, D]` to class probabilities
/// `[N, K]`. Stages that only apply a model (classify, evaluate) see this
/// and nothing of the architecture behind it.
public protocol Classifier: Sendable {
    /// D, the width of one input row.
    var inputWidth: Int { get }
    /// K, the number of classes.
    var classCount: Int { get }
    /// The class probabilities `[N, K]` of the rows of `x` `[N, D]`.
    func probabilities(_ x: Tensor) -> Tensor
}

extension MLP: Classifier {}

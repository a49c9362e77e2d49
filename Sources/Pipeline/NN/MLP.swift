/// A fully connected classifier: linear layers with a hidden activation
/// between them and a softmax after the last.
///
/// `widths` `[n_0, n_1, ..., n_L]` gives L layers; layer l maps
/// `[N, n_l]` to `[N, n_(l+1)]`. With `a_0 = x`:
///
///     a_(l+1) = f(a_l·W_l + b_l)        for l < L − 1 (f: the activation)
///     p       = softmax(a_(L−1)·W_(L−1) + b_(L−1))
///
/// Backward, from `δ_(L−1) = (p − onehot(y)) / N` (see
/// `SoftmaxCrossEntropy`): each layer gives ∂J/∂W_l, ∂J/∂b_l and ∂J/∂a_l,
/// and `δ_(l−1) = ∂J/∂a_l ⊙ f'(a_l)`.
public struct MLP: Equatable, Sendable {
    public var layers: [Linear]
    public var activation: Activation

    public init(layers: [Linear], activation: Activation) {
        precondition(!layers.isEmpty, "[MLP] needs at least one layer")
        for (a, b) in zip(layers, layers.dropFirst()) {
            precondition(a.outputs == b.inputs,
                         "[MLP] layer widths \(a.weight.shape) and "
                             + "\(b.weight.shape) do not chain")
        }
        self.layers = layers
        self.activation = activation
    }

    /// Xavier-initialised layers for `widths`, drawn first layer first
    /// from `g`.
    public init(widths: [Int], activation: Activation,
                using g: inout SeededGenerator) {
        precondition(widths.count >= 2,
                     "[MLP] widths \(widths) need an input and an output")
        var layers: [Linear] = []
        for (n, m) in zip(widths, widths.dropFirst()) {
            layers.append(Linear(inputs: n, outputs: m, using: &g))
        }
        self.init(layers: layers, activation: activation)
    }

    public var widths: [Int] { [layers[0].inputs] + layers.map(\.outputs) }
    public var inputWidth: Int { layers[0].inputs }
    public var classCount: Int { layers[layers.count - 1].outputs }

    /// The buffers of one forward and backward pass, kept from batch to
    /// batch so that training allocates nothing per batch.
    public struct Workspace: Sendable {
        /// `a_0 = x` (written by the caller), `a_1`, ..., and last the
        /// probabilities, then (after `backward`) their gradient.
        public var activations: [Tensor]
        public var gradients: [Linear.Gradients]

        public init(_ network: MLP) {
            activations = Array(repeating: Tensor(zeros: [0]),
                                count: network.layers.count + 1)
            gradients = network.layers.map {
                Linear.Gradients(weight: Tensor(zeros: $0.weight.shape),
                                 bias: Tensor(zeros: [$0.outputs]),
                                 input: Tensor(zeros: [0]))
            }
        }

        /// The rows `indices` of `x` as `a_0`.
        public mutating func gather(_ x: Tensor, rows indices: [Int]) {
            let width = x.shape[1]
            Linear.resize(&activations[0], [indices.count, width])
            activations[0].scalars.withUnsafeMutableBufferPointer { out in
                x.scalars.withUnsafeBufferPointer { source in
                    for (r, i) in indices.enumerated() {
                        (out.baseAddress! + r * width).update(
                            from: source.baseAddress! + i * width,
                            count: width)
                    }
                }
            }
        }

        public var probabilities: Tensor { activations[activations.count - 1] }
    }

    /// The forward pass over `workspace.activations[0]`, keeping every
    /// layer's output.
    public func forward(_ workspace: inout Workspace) {
        for (l, layer) in layers.enumerated() {
            layer.forward(workspace.activations[l],
                          into: &workspace.activations[l + 1])
            if l < layers.count - 1 {
                activation.apply(&workspace.activations[l + 1].scalars)
            } else {
                SoftmaxCrossEntropy.softmax(&workspace.activations[l + 1])
            }
        }
    }

    /// The backward pass after `forward`, for the loss averaged over the
    /// batch's rows: fills `workspace.gradients` (and overwrites the
    /// probabilities with ∂J/∂z of the last layer).
    public func backward(labels: [Int], _ workspace: inout Workspace) {
        let last = layers.count
        SoftmaxCrossEntropy.gradient(&workspace.activations[last],
                                     labels: labels, count: labels.count)
        for l in stride(from: last - 1, through: 0, by: -1) {
            // δ_l: the last layer's is in place of the probabilities, the
            // others are the input gradient of the layer above.
            let delta = l == last - 1 ? workspace.activations[last]
                : workspace.gradients[l + 1].input
            layers[l].backward(
                input: workspace.activations[l], outputGradient: delta,
                into: &workspace.gradients[l], inputGradient: l > 0)
            if l > 0 {
                activation.backward(
                    output: workspace.activations[l].scalars,
                    gradient: &workspace.gradients[l].input.scalars)
            }
        }
    }

    /// The class probabilities `[N, K]` for inputs `x` `[N, n_0]`.
    public func probabilities(_ x: Tensor) -> Tensor {
        precondition(x.rank == 2 && x.shape[1] == inputWidth,
                     "[MLP] input \(x.shape) for a network of widths "
                         + "\(widths)")
        var a = x
        for (l, layer) in layers.enumerated() {
            a = layer.forward(a)
            if l < layers.count - 1 {
                activation.apply(&a.scalars)
            }
        }
        SoftmaxCrossEntropy.softmax(&a)
        return a
    }

    /// The mean loss over `x` and its gradients, one per layer.
    public func lossAndGradients(_ x: Tensor, labels: [Int])
        -> (loss: Double, gradients: [Linear.Gradients])
    {
        var workspace = Workspace(self)
        workspace.activations[0] = x
        forward(&workspace)
        let loss = SoftmaxCrossEntropy.loss(
            probabilities: workspace.probabilities, labels: labels).sum
        backward(labels: labels, &workspace)
        return (loss / Double(labels.count), workspace.gradients)
    }

    /// Every weight and bias, named as in a model file: `layer0.weight`,
    /// `layer0.bias`, `layer1.weight`, ...
    public var parameterPaths:
        [(name: String, path: WritableKeyPath<MLP, Tensor>)]
    {
        layers.indices.flatMap { l in
            [("layer\(l).weight", \MLP.layers[l].weight),
             ("layer\(l).bias", \MLP.layers[l].bias)]
        }
    }
}

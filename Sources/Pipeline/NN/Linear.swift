/// A fully connected layer `y = x·W + b`, one example per row.
///
/// Shapes: x `[N, n_in]`, W `[n_in, n_out]`, b `[n_out]` (added to every
/// row), y `[N, n_out]`. The backward pass, given `∂J/∂y` `[N, n_out]`:
///
///     ∂J/∂W = xᵀ · ∂J/∂y          [n_in, n_out]
///     ∂J/∂b = Σ_rows ∂J/∂y         [n_out]
///     ∂J/∂x = ∂J/∂y · Wᵀ          [N, n_in]
///
/// The transposes are flags of the matrix product, never copies.
public struct Linear: Equatable, Sendable {
    public var weight: Tensor
    public var bias: Tensor

    public var inputs: Int { weight.shape[0] }
    public var outputs: Int { weight.shape[1] }

    public init(weight: Tensor, bias: Tensor) {
        precondition(weight.rank == 2 && bias.shape == [weight.shape[1]],
                     "[Linear] weight \(weight.shape) and bias \(bias.shape) "
                         + "do not fit")
        self.weight = weight
        self.bias = bias
    }

    /// Xavier (Glorot) initialisation: W uniform on [−r, r) with
    /// `r = √(6 / (n_in + n_out))`, so `Var[w] = r²/3 = 2 / (n_in + n_out)`;
    /// zero biases.
    public init(inputs: Int, outputs: Int, using g: inout SeededGenerator) {
        precondition(inputs > 0 && outputs > 0,
                     "[Linear] sizes \(inputs) -> \(outputs) must be > 0")
        let r = Float((6 / Double(inputs + outputs)).squareRoot())
        self.init(
            weight: .uniform(shape: [inputs, outputs], low: -r, high: r,
                             using: &g),
            bias: Tensor(zeros: [outputs]))
    }

    /// The gradients of a loss with respect to W, b and x, each the shape
    /// of its object.
    public struct Gradients: Equatable, Sendable {
        public var weight: Tensor
        public var bias: Tensor
        public var input: Tensor
    }

    /// `y = x·W + b`.
    public func forward(_ x: Tensor) -> Tensor {
        var y = Tensor(zeros: [0, outputs])
        forward(x, into: &y)
        return y
    }

    /// `y = x·W + b` into `y`, reusing its storage when the size fits.
    public func forward(_ x: Tensor, into y: inout Tensor) {
        precondition(x.rank == 2 && x.shape[1] == inputs,
                     "[Linear] input \(x.shape) does not fit weight "
                         + "\(weight.shape)")
        let rows = x.shape[0]
        Linear.resize(&y, [rows, outputs])
        guard rows > 0 else { return }
        y.scalars.withUnsafeMutableBufferPointer { py in
            bias.scalars.withUnsafeBufferPointer { pb in
                for r in 0..<rows {
                    (py.baseAddress! + r * outputs).update(
                        from: pb.baseAddress!, count: outputs)
                }
            }
            Linear.gemm(x, false, weight, false, into: py.baseAddress!,
                        beta: 1)
        }
    }

    /// The gradients for input `x` and `∂J/∂y`.
    public func backward(input x: Tensor, outputGradient dy: Tensor)
        -> Gradients
    {
        var gradients = Gradients(
            weight: Tensor(zeros: weight.shape), bias: Tensor(zeros: [outputs]),
            input: Tensor(zeros: [0, inputs]))
        backward(input: x, outputGradient: dy, into: &gradients,
                 inputGradient: true)
        return gradients
    }

    /// `backward` into existing storage; `inputGradient: false` skips
    /// ∂J/∂x (the first layer needs none) and leaves `input` as it was.
    public func backward(input x: Tensor, outputGradient dy: Tensor,
                         into g: inout Gradients, inputGradient: Bool) {
        let rows = x.shape[0]
        precondition(x.rank == 2 && x.shape[1] == inputs
                         && dy.shape == [rows, outputs],
                     "[Linear] input \(x.shape) and gradient \(dy.shape) "
                         + "do not fit weight \(weight.shape)")
        Linear.resize(&g.weight, weight.shape)
        Linear.resize(&g.bias, [outputs])
        g.weight.scalars.withUnsafeMutableBufferPointer {
            Linear.gemm(x, true, dy, false, into: $0.baseAddress!, beta: 0)
        }
        g.bias.scalars.withUnsafeMutableBufferPointer { pb in
            dy.scalars.withUnsafeBufferPointer { pd in
                for j in 0..<outputs { pb[j] = 0 }
                for r in 0..<rows {
                    let row = pd.baseAddress! + r * outputs
                    for j in 0..<outputs { pb[j] += row[j] }
                }
            }
        }
        guard inputGradient else { return }
        Linear.resize(&g.input, [rows, inputs])
        g.input.scalars.withUnsafeMutableBufferPointer {
            Linear.gemm(dy, false, weight, true, into: $0.baseAddress!,
                        beta: 0)
        }
    }

    /// Below this many multiply-adds (m·n·k) a product of a layer runs on
    /// one thread. A mini-batch's products (32·1024·64 = 2²¹ for the
    /// NIST36 network) are too small to win from a second thread: waking
    /// it, four times per step, cost more than it saved in every
    /// measurement (docs/training.md).
    static let parallelThreshold = 1 << 25

    /// `c = op(a)·op(b) + beta·c` on rank-2 tensors.
    static func gemm(_ a: Tensor, _ transposeA: Bool, _ b: Tensor,
                     _ transposeB: Bool, into c: UnsafeMutablePointer<Float>,
                     beta: Float) {
        let (m, k) = transposeA ? (a.shape[1], a.shape[0])
            : (a.shape[0], a.shape[1])
        let n = transposeB ? b.shape[0] : b.shape[1]
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                guard m > 0, n > 0 else { return }
                guard k > 0 else {
                    Gemm.scale(c, m: m, n: n, ldc: n, by: beta)
                    return
                }
                Gemm.multiply(
                    m: m, n: n, k: k,
                    a: pa.baseAddress!, lda: a.shape[1],
                    transposeA: transposeA,
                    b: pb.baseAddress!, ldb: b.shape[1],
                    transposeB: transposeB,
                    c: c, ldc: n, alpha: 1, beta: beta,
                    threads: m * n * k < parallelThreshold
                        ? 1 : Parallel.threadCount)
            }
        }
    }

    /// Gives `t` the shape `shape`, keeping its storage when the element
    /// count is unchanged (the values are then stale, to be overwritten).
    static func resize(_ t: inout Tensor, _ shape: [Int]) {
        if t.shape == shape { return }
        if t.count == Tensor.elementCount(shape) {
            t.shape = shape
        } else {
            t = Tensor(zeros: shape)
        }
    }
}

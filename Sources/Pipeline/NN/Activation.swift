import Foundation

/// The element-wise nonlinearity after a hidden linear layer.
///
/// Both derivatives are written in terms of the activation's *output*
/// `a = f(z)`, so the backward pass needs only what the forward pass kept:
/// sigmoid `f'(z) = a(1 − a)`, ReLU `f'(z) = 1 when a > 0, else 0`.
public enum Activation: String, CaseIterable, Sendable {
    case sigmoid
    case relu

    /// `a = f(z)` in place over `values`.
    ///
    /// Sigmoid `1 / (1 + e^(−z))`; for very negative z, e^(−z) overflows
    /// to +inf and the quotient is exactly 0, which is the right limit.
    public func apply(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { v in
            switch self {
            case .sigmoid:
                for i in v.indices { v[i] = 1 / (1 + expf(-v[i])) }
            case .relu:
                for i in v.indices { v[i] = Swift.max(v[i], 0) }
            }
        }
    }

    /// `∂J/∂z = ∂J/∂a · f'(z)` in place over `gradient`, given the
    /// forward outputs `a` (same count).
    public func backward(output a: [Float], gradient: inout [Float]) {
        precondition(a.count == gradient.count,
                     "[activation] \(a.count) outputs, \(gradient.count) "
                         + "gradients")
        a.withUnsafeBufferPointer { a in
            gradient.withUnsafeMutableBufferPointer { g in
                switch self {
                case .sigmoid:
                    for i in g.indices { g[i] *= a[i] * (1 - a[i]) }
                case .relu:
                    for i in g.indices where a[i] <= 0 { g[i] = 0 }
                }
            }
        }
    }
}

import Foundation

/// Checks analytic gradients against central differences,
///
///     ∂J/∂w ≈ (J(w + ε) − J(w − ε)) / 2ε,
///
/// on every scalar of every weight and bias, and reports the largest
/// relative error `|a − n| / max(|a| + |n|, floor)`, where a is analytic,
/// n numerical. The floor keeps gradients that are zero up to rounding
/// from counting as 100% wrong; it is an absolute tolerance in effect.
///
/// The network computes in float32, whose rounding (about 1e-7 of the
/// loss) divided by 2ε would swamp small gradients; so J is evaluated by
/// a separate float64 forward pass of the same function at the float32
/// weights, and the step is the one actually taken, `fl(w+ε) − fl(w−ε)`.
public struct GradientCheck: Sendable {
    /// One parameter tensor's result.
    public struct Entry: Sendable {
        public var name: String
        public var count: Int
        public var largestError: Double
        /// The analytic and numerical values where the error is largest.
        public var analytic: Double
        public var numerical: Double
    }

    public var entries: [Entry] = []
    public var largestError: Double {
        entries.map(\.largestError).max() ?? 0
    }

    /// Compares each analytic gradient with central differences of
    /// `loss` over every scalar of its parameter, which `model` reaches at
    /// `parameters[k].path`; each scalar is moved by ±ε and then restored
    /// exactly.
    public static func check<Model>(
        _ model: Model,
        parameters: [(name: String, path: WritableKeyPath<Model, Tensor>)],
        analytic: [Tensor], epsilon: Float, floor: Double,
        loss: (Model) -> Double
    ) -> GradientCheck {
        precondition(parameters.count == analytic.count,
                     "[gradcheck] \(analytic.count) gradients for "
                         + "\(parameters.count) parameters")
        var probe = model
        var result = GradientCheck()
        for (k, (name, path)) in parameters.enumerated() {
            let gradient = analytic[k]
            precondition(probe[keyPath: path].shape == gradient.shape,
                         "[gradcheck] \(name): parameter "
                             + "\(probe[keyPath: path].shape) and gradient "
                             + "\(gradient.shape) differ")
            var entry = Entry(name: name, count: gradient.count,
                              largestError: 0, analytic: 0, numerical: 0)
            for i in 0..<gradient.count {
                let saved = probe[keyPath: path].scalars[i]
                probe[keyPath: path].scalars[i] = saved + epsilon
                let plus = loss(probe)
                probe[keyPath: path].scalars[i] = saved - epsilon
                let minus = loss(probe)
                probe[keyPath: path].scalars[i] = saved
                // The step actually taken, after rounding w ± ε to Float.
                let step = Double(saved + epsilon) - Double(saved - epsilon)
                let numerical = (plus - minus) / step
                let value = Double(gradient.scalars[i])
                let error = abs(value - numerical)
                    / Swift.max(abs(value) + abs(numerical), floor)
                if error > entry.largestError || i == 0 {
                    entry.largestError = error
                    entry.analytic = value
                    entry.numerical = numerical
                }
            }
            result.entries.append(entry)
        }
        return result
    }

    /// Checks every weight and bias of `network` on the batch `x`,
    /// `labels`, with the loss averaged over the batch.
    public static func check(_ network: MLP, x: Tensor, labels: [Int],
                             epsilon: Float = 1e-3, floor: Double = 1e-4)
        -> GradientCheck
    {
        let gradients = network.lossAndGradients(x, labels: labels).gradients
        return check(
            network, parameters: network.parameterPaths,
            analytic: gradients.flatMap { [$0.weight, $0.bias] },
            epsilon: epsilon, floor: floor
        ) { probe in
            probe.meanLossInDouble(x, labels: labels)
        }
    }
}

extension MLP {
    /// The mean cross-entropy over the rows of `x`, computed in float64
    /// throughout (a reference for the gradient check, not for speed).
    public func meanLossInDouble(_ x: Tensor, labels: [Int]) -> Double {
        let rows = x.shape[0]
        var a = x.scalars.map(Double.init)
        var width = inputWidth
        for (l, layer) in layers.enumerated() {
            let n = layer.outputs
            var z = [Double](repeating: 0, count: rows * n)
            layer.weight.scalars.withUnsafeBufferPointer { w in
                layer.bias.scalars.withUnsafeBufferPointer { b in
                    a.withUnsafeBufferPointer { a in
                        z.withUnsafeMutableBufferPointer { z in
                            for r in 0..<rows {
                                let out = z.baseAddress! + r * n
                                for j in 0..<n { out[j] = Double(b[j]) }
                                for k in 0..<width {
                                    let v = a[r * width + k]
                                    let row = w.baseAddress! + k * n
                                    for j in 0..<n {
                                        out[j] += v * Double(row[j])
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if l < layers.count - 1 {
                for i in z.indices {
                    switch activation {
                    case .sigmoid: z[i] = 1 / (1 + Foundation.exp(-z[i]))
                    case .relu: z[i] = Swift.max(z[i], 0)
                    }
                }
            }
            a = z
            width = n
        }
        var total = 0.0
        for r in 0..<rows {
            let row = a[(r * width)..<((r + 1) * width)]
            let top = row.max() ?? 0
            let logSum = Foundation.log(
                row.reduce(0) { $0 + Foundation.exp($1 - top) })
            total -= a[r * width + labels[r]] - top - logSum
        }
        return total / Double(rows)
    }
}

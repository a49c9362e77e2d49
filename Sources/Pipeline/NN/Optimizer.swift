/// Stochastic gradient descent with momentum, one accumulator per
/// parameter tensor:
///
///     M ← μ·M − α·∂J/∂W
///     W ← W + M
///
/// With μ = 0 this is plain SGD, `W ← W − α·∂J/∂W`, to the last bit
/// (0·M is exactly 0 and `W + (−α·g)` rounds as `W − α·g`).
public struct SGD: Sendable {
    public var learningRate: Float
    public var momentum: Float
    /// M for each parameter slot, created at its first update.
    public private(set) var velocities: [Int: Tensor] = [:]

    public init(learningRate: Float, momentum: Float = 0) {
        precondition(learningRate >= 0 && momentum >= 0 && momentum < 1,
                     "[SGD] learning rate \(learningRate) and momentum "
                         + "\(momentum) must be >= 0 and in 0..<1")
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// One step for the parameter in `slot` (a fixed number per tensor).
    public mutating func update(_ parameter: inout Tensor, gradient: Tensor,
                                slot: Int) {
        precondition(parameter.shape == gradient.shape,
                     "[SGD] parameter \(parameter.shape) and gradient "
                         + "\(gradient.shape) differ")
        var velocity = velocities.removeValue(forKey: slot)
            ?? Tensor(zeros: parameter.shape)
        let (mu, rate) = (momentum, learningRate)
        velocity.scalars.withUnsafeMutableBufferPointer { m in
            parameter.scalars.withUnsafeMutableBufferPointer { w in
                gradient.scalars.withUnsafeBufferPointer { g in
                    for i in m.indices {
                        m[i] = mu * m[i] - rate * g[i]
                        w[i] += m[i]
                    }
                }
            }
        }
        velocities[slot] = velocity
    }

    /// One step for every layer of `network` with its gradients; slots
    /// 2l and 2l + 1 are layer l's weight and bias.
    public mutating func update(_ network: inout MLP,
                                gradients: [Linear.Gradients]) {
        precondition(gradients.count == network.layers.count,
                     "[SGD] \(gradients.count) gradients for "
                         + "\(network.layers.count) layers")
        for l in network.layers.indices {
            update(&network.layers[l].weight, gradient: gradients[l].weight,
                   slot: 2 * l)
            update(&network.layers[l].bias, gradient: gradients[l].bias,
                   slot: 2 * l + 1)
        }
    }
}

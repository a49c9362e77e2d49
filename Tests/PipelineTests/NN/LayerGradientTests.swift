import XCTest
@testable import Pipeline

/// Each layer's backward pass against central differences of its forward
/// pass.
final class LayerGradientTests: XCTestCase {
    /// A layer with its input, so the checker can move x as well as W, b.
    struct LinearProbe {
        var layer: Linear
        var x: Tensor
    }

    func testLinearForwardTinyExactCase() {
        // [1 2; 3 4] · [1 0 -1; 2 1 0] + [0.5 0 1] = [5.5 2 0; 11.5 4 -2]
        let layer = Linear(
            weight: Tensor(shape: [2, 3], scalars: [1, 0, -1, 2, 1, 0]),
            bias: Tensor(shape: [3], scalars: [0.5, 0, 1]))
        let y = layer.forward(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
        XCTAssertEqual(y, Tensor(shape: [2, 3],
                                 scalars: [5.5, 2, 0, 11.5, 4, -2]))
    }

    func testLinearBackwardTinyExactCase() {
        let layer = Linear(
            weight: Tensor(shape: [2, 3], scalars: [1, 0, -1, 2, 1, 0]),
            bias: Tensor(zeros: [3]))
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let dy = Tensor(shape: [2, 3], scalars: [1, 0, 2, 0, 1, -1])
        let g = layer.backward(input: x, outputGradient: dy)
        // xᵀ·dy = [1 3; 2 4]·dy = [1 3 -1; 2 4 0]
        XCTAssertEqual(g.weight.scalars, [1, 3, -1, 2, 4, 0])
        XCTAssertEqual(g.bias.scalars, [1, 1, 1])
        // dy·Wᵀ: row 1 [1 0 2]·Wᵀ = [1-2, 2] = [-1, 2]; row 2 [0 1 -1] → [1, 1]
        XCTAssertEqual(g.input.scalars, [-1, 2, 1, 1])
        XCTAssertEqual(g.weight.shape, layer.weight.shape)
        XCTAssertEqual(g.bias.shape, layer.bias.shape)
        XCTAssertEqual(g.input.shape, x.shape)
    }

    /// J = Σ y ⊙ R for a fixed random R, so ∂J/∂y = R.
    func testLinearBackwardMatchesFiniteDifferences() {
        var g = SeededGenerator(seed: 7)
        let probe = LinearProbe(layer: Linear(inputs: 5, outputs: 4, using: &g),
                                x: NNTestSupport.random([3, 5], seed: 8))
        let r = NNTestSupport.random([3, 4], seed: 9)
        let analytic = probe.layer.backward(input: probe.x, outputGradient: r)
        let result = GradientCheck.check(
            probe,
            parameters: [("weight", \LinearProbe.layer.weight),
                         ("bias", \LinearProbe.layer.bias),
                         ("input", \LinearProbe.x)],
            analytic: [analytic.weight, analytic.bias, analytic.input],
            epsilon: 1e-2, floor: 1e-6
        ) { p in
            let y = p.layer.forward(p.x)
            return zip(y.scalars, r.scalars).reduce(0.0) {
                $0 + Double($1.0) * Double($1.1)
            }
        }
        XCTAssertEqual(result.entries.map(\.count), [20, 4, 15])
        XCTAssertLessThan(result.largestError, 1e-3, "\(result.entries)")
    }

    /// J = Σ f(z) ⊙ R: `backward` must turn R into R ⊙ f'(z).
    func testActivationBackwardMatchesFiniteDifferences() {
        let z = NNTestSupport.random([4, 6], seed: 3) * 4
        let r = NNTestSupport.random([4, 6], seed: 4)
        for activation in Activation.allCases {
            var a = z.scalars
            activation.apply(&a)
            var gradient = r.scalars
            activation.backward(output: a, gradient: &gradient)
            let h: Float = 1e-2
            for i in 0..<z.count {
                var plus = [z.scalars[i] + h], minus = [z.scalars[i] - h]
                activation.apply(&plus)
                activation.apply(&minus)
                let numerical = Double(r.scalars[i])
                    * Double(plus[0] - minus[0]) / Double(2 * h)
                XCTAssertEqual(Double(gradient[i]), numerical,
                               accuracy: 2e-4, "\(activation) at \(z.scalars[i])")
            }
        }
    }

    func testSigmoidAndReLUValues() {
        var values: [Float] = [0, -1000, 1000, 2, -2]
        Activation.sigmoid.apply(&values)
        XCTAssertEqual(values[0], 0.5)
        XCTAssertEqual(values[1], 0)
        XCTAssertEqual(values[2], 1)
        // 1 / (1 + e^-2) = 0.8807970779778823 (python: 1/(1+math.exp(-2)))
        XCTAssertEqual(values[3], 0.880797, accuracy: 1e-6)
        XCTAssertEqual(values[3] + values[4], 1, accuracy: 1e-6)
        var relu: [Float] = [-3, 0, 2.5]
        Activation.relu.apply(&relu)
        XCTAssertEqual(relu, [0, 0, 2.5])
    }

    /// The softmax with cross-entropy, checked through the whole network's
    /// last layer: ∂J/∂z = (p − onehot) / N against differences of J.
    func testSoftmaxCrossEntropyGradient() {
        struct Logits { var z: Tensor }
        let labels = [2, 0, 1]
        let probe = Logits(z: NNTestSupport.random([3, 4], seed: 5) * 3)
        var gradient = SoftmaxCrossEntropy.probabilities(probe.z)
        SoftmaxCrossEntropy.gradient(&gradient, labels: labels, count: 3)
        let result = GradientCheck.check(
            probe, parameters: [("logits", \Logits.z)], analytic: [gradient],
            epsilon: 1e-2, floor: 1e-6
        ) { p in
            // The loss in Double, from the definition.
            var total = 0.0
            for r in 0..<3 {
                let row = (0..<4).map { Double(p.z[r, $0]) }
                let top = row.max()!
                let logSum = log(row.map { exp($0 - top) }.reduce(0, +))
                total -= row[labels[r]] - top - logSum
            }
            return total / 3
        }
        XCTAssertLessThan(result.largestError, 1e-3, "\(result.entries)")
    }

    func testSoftmaxIsStableForHugeLogits() {
        var huge = Tensor(shape: [3, 3], scalars: [
            1000, 1001, 1002,
            -1e30, 0, 1e30,
            Float.greatestFiniteMagnitude, 0, -Float.greatestFiniteMagnitude,
        ])
        SoftmaxCrossEntropy.softmax(&huge)
        XCTAssertTrue(huge.scalars.allSatisfy { $0.isFinite })
        let small = SoftmaxCrossEntropy.probabilities(
            Tensor(shape: [1, 3], scalars: [0, 1, 2]))
        // Shifting all logits changes nothing: softmax(z + c) = softmax(z).
        for j in 0..<3 {
            XCTAssertEqual(huge[0, j], small[0, j], accuracy: 1e-6)
        }
        XCTAssertEqual(huge.scalars[3...5], [0, 0, 1])
        XCTAssertEqual(huge.scalars[6...8], [1, 0, 0])
        // The loss of a probability that underflows to 0 stays finite.
        let (sum, correct) = SoftmaxCrossEntropy.loss(
            probabilities: huge, labels: [2, 0, 0])
        XCTAssertTrue(sum.isFinite)
        XCTAssertGreaterThan(sum, 100)
        XCTAssertEqual(correct, 2)
    }
}

import XCTest
@testable import Pipeline

/// The whole MLP: gradient check, initialisation, optimiser, training.
final class NetworkTests: XCTestCase {
    func testNetworkGradientsMatchFiniteDifferences() {
        let x = NNTestSupport.random([6, 12], seed: 11)
        let labels = NNTestSupport.labels(6, classes: 5, seed: 12)
        for activation in Activation.allCases {
            var g = SeededGenerator(seed: 13)
            let network = MLP(widths: [12, 8, 7, 5], activation: activation,
                              using: &g)
            let result = GradientCheck.check(network, x: x, labels: labels)
            XCTAssertEqual(result.entries.map(\.name), [
                "layer0.weight", "layer0.bias", "layer1.weight",
                "layer1.bias", "layer2.weight", "layer2.bias",
            ])
            XCTAssertEqual(result.entries.map(\.count),
                           [96, 8, 56, 7, 35, 5])
            XCTAssertLessThan(result.largestError, 1e-3,
                              "\(activation): \(result.entries)")
        }
    }

    func testGradientCheckCatchesAWrongGradient() {
        let x = NNTestSupport.random([4, 6], seed: 21)
        let labels = [0, 1, 2, 1]
        var g = SeededGenerator(seed: 22)
        let network = MLP(widths: [6, 5, 3], activation: .sigmoid, using: &g)
        let right = network.lossAndGradients(x, labels: labels).gradients
        func check(_ gradients: [Linear.Gradients]) -> GradientCheck {
            GradientCheck.check(
                network, parameters: network.parameterPaths,
                analytic: gradients.flatMap { [$0.weight, $0.bias] },
                epsilon: 1e-3, floor: 1e-4
            ) { $0.meanLossInDouble(x, labels: labels) }
        }
        XCTAssertLessThan(check(right).largestError, 1e-3)

        // One wrong scalar in the first layer's weights ...
        var wrong = right
        wrong[0].weight.scalars[7] += 0.05
        let one = check(wrong)
        XCTAssertGreaterThan(one.largestError, 0.1)
        XCTAssertEqual(one.entries.first { $0.largestError > 0.1 }?.name,
                       "layer0.weight")
        // ... and a bias gradient that forgot the 1/N of the mean loss.
        wrong = right
        wrong[1].bias *= Float(labels.count)
        XCTAssertGreaterThan(check(wrong).entries[3].largestError, 0.5)
    }

    func testXavierVarianceAndRange() {
        var g = SeededGenerator(seed: 1)
        let layer = Linear(inputs: 1024, outputs: 64, using: &g)
        let w = layer.weight.scalars.map(Double.init)
        let mean = w.reduce(0, +) / Double(w.count)
        let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            / Double(w.count - 1)
        let expected = 2.0 / (1024 + 64)
        // 65536 draws: the sample variance is within 1.5% (about 5
        // standard errors of 0.3%).
        XCTAssertEqual(variance, expected, accuracy: 0.015 * expected)
        XCTAssertEqual(mean, 0, accuracy: 1e-3)
        let r = (6.0 / 1088).squareRoot()
        XCTAssertTrue(w.allSatisfy { abs($0) <= r })
        XCTAssertEqual(layer.bias, Tensor(zeros: [64]))
    }

    func testMomentumTinyExactCase() {
        var sgd = SGD(learningRate: 0.5, momentum: 0.5)
        var w = Tensor(shape: [2], scalars: [1, 2])
        let gradient = Tensor(shape: [2], scalars: [1, -2])
        // M = 0.5·0 − 0.5·g = [−0.5, 1];   W = [0.5, 3]
        sgd.update(&w, gradient: gradient, slot: 0)
        XCTAssertEqual(w.scalars, [0.5, 3])
        XCTAssertEqual(sgd.velocities[0]?.scalars, [-0.5, 1])
        // M = 0.5·M − 0.5·g = [−0.75, 1.5]; W = [−0.25, 4.5]
        sgd.update(&w, gradient: gradient, slot: 0)
        XCTAssertEqual(w.scalars, [-0.25, 4.5])
        // Another slot has its own accumulator.
        var other = Tensor(shape: [1], scalars: [0])
        sgd.update(&other, gradient: Tensor(shape: [1], scalars: [2]),
                   slot: 1)
        XCTAssertEqual(other.scalars, [-1])
        XCTAssertEqual(sgd.velocities[0]?.scalars, [-0.75, 1.5])
    }

    func testPlainSGDIsWMinusRateTimesGradient() {
        var sgd = SGD(learningRate: 0.1)
        let start = NNTestSupport.random([5, 3], seed: 4)
        let gradient = NNTestSupport.random([5, 3], seed: 5)
        var w = start
        sgd.update(&w, gradient: gradient, slot: 0)
        XCTAssertEqual(w, start - 0.1 * gradient)
    }

    func testSameSeedSameModelBitForBit() {
        let data = NNTestSupport.clusters(rows: 200, width: 16, classes: 4,
                                          seed: 30)
        func train(seed: UInt64) -> MLP {
            var trainer = Trainer(
                widths: [16, 10, 4], activation: .sigmoid,
                options: TrainingOptions(epochs: 3, batchSize: 7,
                                         learningRate: 0.1, momentum: 0.9,
                                         seed: seed))
            for _ in 0..<3 { trainer.epoch(train: data, valid: nil) }
            return trainer.network
        }
        let first = train(seed: 5)
        XCTAssertEqual(train(seed: 5), first)
        XCTAssertNotEqual(train(seed: 6), first)
    }

    func testTrainingLearnsASeparableProblem() {
        let data = NNTestSupport.clusters(rows: 300, width: 20, classes: 5,
                                          seed: 40)
        var trainer = Trainer(
            widths: [20, 16, 5], activation: .relu,
            options: TrainingOptions(epochs: 10, batchSize: 16,
                                     learningRate: 0.1, seed: 1))
        var last: EpochRecord?
        for _ in 0..<10 {
            last = trainer.epoch(train: data, valid: data.prefix(100))
        }
        XCTAssertEqual(trainer.history.count, 10)
        XCTAssertEqual(trainer.history.map(\.epoch), Array(1...10))
        XCTAssertGreaterThan(last!.validAccuracy, 0.95)
        XCTAssertLessThan(last!.trainLoss, trainer.history[0].trainLoss)
        XCTAssertNotEqual(trainer.initial, trainer.network)
    }
}

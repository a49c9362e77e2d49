import Foundation

/// What one training run does: epochs of shuffled mini-batches, each
/// followed by an SGD (momentum) step.
public struct TrainingOptions: Equatable, Sendable {
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var momentum: Float
    public var seed: UInt64

    public init(epochs: Int, batchSize: Int, learningRate: Float,
                momentum: Float = 0, seed: UInt64) {
        precondition(epochs >= 0 && batchSize >= 1,
                     "[training] epochs \(epochs), batch \(batchSize)")
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.momentum = momentum
        self.seed = seed
    }
}

/// The figures of one epoch. Train loss and accuracy are the means over
/// the epoch's mini-batches, each measured before its step (so they trail
/// the end-of-epoch weights a little); valid ones are measured after the
/// epoch, NaN without a validation set.
public struct EpochRecord: Equatable, Sendable {
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var validLoss: Double
    public var validAccuracy: Double
    /// Seconds the epoch's training steps took (validation not included).
    public var seconds: Double
}

/// Trains an MLP with mini-batch SGD.
///
/// Reproducible: the generator seeded with `options.seed` draws the
/// initial weights (layer by layer) and then one Fisher-Yates shuffle of
/// the training rows per epoch; nothing else is random, so one seed gives
/// one model, bit for bit.
public struct Trainer {
    public var network: MLP
    /// The weights right after initialisation.
    public let initial: MLP
    public var options: TrainingOptions
    public private(set) var history: [EpochRecord] = []

    var generator: SeededGenerator
    var optimizer: SGD
    var workspace: MLP.Workspace

    /// A Xavier-initialised network of `widths`.
    public init(widths: [Int], activation: Activation,
                options: TrainingOptions) {
        var generator = SeededGenerator(seed: options.seed)
        let network = MLP(widths: widths, activation: activation,
                          using: &generator)
        self.network = network
        self.initial = network
        self.options = options
        self.generator = generator
        self.optimizer = SGD(learningRate: options.learningRate,
                             momentum: options.momentum)
        self.workspace = MLP.Workspace(network)
    }

    /// Runs one epoch over `train`, then evaluates `valid`, appends the
    /// figures to `history` and returns them. `onBatch` hears the number
    /// of batches done after each step.
    @discardableResult
    public mutating func epoch(train: LabelledSet, valid: LabelledSet?,
                               onBatch: (Int) -> Void = { _ in })
        -> EpochRecord
    {
        precondition(train.width == network.inputWidth
                         && train.classCount == network.classCount,
                     "[training] data [\(train.count), \(train.width)] with "
                         + "\(train.classCount) classes for widths "
                         + "\(network.widths)")
        let start = DispatchTime.now().uptimeNanoseconds
        var order = Array(0..<train.count)
        generator.shuffle(&order)

        var lossSum = 0.0
        var correct = 0
        var batchLabels: [Int] = []
        batchLabels.reserveCapacity(options.batchSize)
        for first in stride(from: 0, to: train.count, by: options.batchSize) {
            let rows = order[first..<Swift.min(first + options.batchSize,
                                               train.count)]
            batchLabels.removeAll(keepingCapacity: true)
            for i in rows { batchLabels.append(train.labels[i]) }
            workspace.gather(train.x, rows: Array(rows))
            network.forward(&workspace)
            let (sum, hits) = SoftmaxCrossEntropy.loss(
                probabilities: workspace.probabilities, labels: batchLabels)
            lossSum += sum
            correct += hits
            network.backward(labels: batchLabels, &workspace)
            optimizer.update(&network, gradients: workspace.gradients)
            onBatch(first / options.batchSize + 1)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start)
            / 1e9

        let n = Double(Swift.max(train.count, 1))
        let validation = valid.map { Evaluation(network, on: $0) }
        let record = EpochRecord(
            epoch: history.count + 1, trainLoss: lossSum / n,
            trainAccuracy: Double(correct) / n,
            validLoss: validation?.loss ?? .nan,
            validAccuracy: validation?.accuracy ?? .nan,
            seconds: seconds)
        history.append(record)
        return record
    }
}

/// A network's loss, accuracy and predictions on a labelled set.
public struct Evaluation: Sendable {
    public var loss: Double
    public var accuracy: Double
    /// The most probable class of each row.
    public var predictions: [Int]

    /// Runs `network` over `data` in chunks of `chunk` rows.
    public init(_ network: some Classifier, on data: LabelledSet,
                chunk: Int = 2048) {
        var lossSum = 0.0
        var predictions: [Int] = []
        predictions.reserveCapacity(data.count)
        for first in stride(from: 0, to: data.count, by: chunk) {
            let range = first..<Swift.min(first + chunk, data.count)
            let p = network.probabilities(data.x.rows(range))
            lossSum += SoftmaxCrossEntropy.loss(
                probabilities: p, labels: Array(data.labels[range])).sum
            predictions += p.argmax(axis: 1)
        }
        let n = Double(Swift.max(data.count, 1))
        loss = lossSum / n
        accuracy = Double(zip(predictions, data.labels)
            .filter { $0 == $1 }.count) / n
        self.predictions = predictions
    }
}

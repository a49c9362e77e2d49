import Foundation

/// Trains a fully connected network on a labelled set and appends the
/// model, its initial weights and the per-epoch history.
public struct Train: Stage {
    public static let name = "train"
    public static let summary =
        "train a fully connected network with mini-batch SGD (momentum)"
    public static let help = """
        Trains layers= (input width, hidden widths, classes) with Xavier \
        initialisation, the hidden activation= and a softmax with \
        cross-entropy loss, on data= [N, D] (float32 or float64) with \
        labels= (one-hot [N, K] or class indices [N]), in shuffled \
        mini-batches of batch= rows: M = momentum*M - rate*dJ/dW, W = W + M \
        (momentum=0 is plain SGD). After each epoch valid= / valid-labels= \
        (when valid= is not empty) are evaluated. One seed= gives one \
        model, bit for bit. Appends the model (prefix+layer0.weight, \
        layer0.bias, ... with role weights; see docs/models.md), its \
        weights right after initialisation (prefix+init.layer0.weight, \
        ...) and prefix+history [epochs, 5] with columns=epoch,train_loss,\
        train_accuracy,valid_loss,valid_accuracy (accuracies as fractions; \
        train figures are means over the epoch's batches). keep=best keeps \
        the weights of the epoch with the best validation accuracy. save= \
        also writes the model and history to a file. Progress goes to \
        stderr: a bar on a terminal, else one line per epoch. input= \
        describes the input layout for later stages (auto: the data's own \
        input attribute, else 32x32 column-major, paper 1 ink 0 for \
        1024-wide rows).
        """
    public static let parameters: [Parameter] = [
        Parameter("data", .string, default: "train_data",
                  help: "the training matrix, by name"),
        Parameter("labels", .string, default: "train_labels",
                  help: "the training labels, by name"),
        Parameter("valid", .string, default: "valid_data",
                  help: "the validation matrix (empty: none)"),
        Parameter("valid-labels", .string, default: "valid_labels",
                  help: "the validation labels"),
        Parameter("layers", .intList, default: "1024,64,36",
                  range: 1...1_000_000,
                  help: "layer widths: input, hidden..., classes"),
        Parameter("activation",
                  .choice(Activation.allCases.map(\.rawValue)),
                  default: "sigmoid", help: "the hidden activation"),
        Parameter("epochs", .int, default: "30", range: 1...100_000,
                  help: "passes over the training set"),
        Parameter("batch", .int, default: "32", range: 1...1_000_000,
                  help: "rows per mini-batch"),
        Parameter("rate", .double, default: "0.01", range: 0...1000,
                  help: "the learning rate alpha"),
        Parameter("momentum", .double, default: "0", range: 0...0.999,
                  help: "the momentum mu (0: plain SGD)"),
        Parameter("seed", .int, default: "1", range: 0...9.2e18,
                  help: "seeds the initial weights and the shuffles"),
        Parameter("keep", .choice(["last", "best"]), default: "last",
                  help: "the weights to emit: after the last epoch, or of "
                      + "the epoch with the best validation accuracy"),
        Parameter("classes", .string, default: "",
                  help: "class names, one character each or comma-"
                      + "separated (empty: A-Z0-9 for 36, A-Z for 26, ...)"),
        Parameter("input", .string, default: "auto",
                  help: "the input layout attribute of the model"),
        Parameter("prefix", .string, default: "",
                  help: "goes before every record name written"),
        Parameter("save", .string, default: "",
                  help: "also write the model and history to this file"),
    ]

    let arguments: Arguments
    let widths: [Int]
    let options: TrainingOptions

    public init(_ arguments: Arguments) throws {
        self.arguments = arguments
        widths = arguments.intList("layers")
        guard widths.count >= 2 else {
            throw StageError.usage(
                "layers=\(arguments.string("layers")) needs at least an "
                    + "input width and a class count")
        }
        options = TrainingOptions(
            epochs: arguments.int("epochs"), batchSize: arguments.int("batch"),
            learningRate: arguments.float("rate"),
            momentum: arguments.float("momentum"),
            seed: UInt64(arguments.int("seed")))
        if arguments.string("keep") == "best",
            arguments.string("valid").isEmpty
        {
            throw StageError.usage(
                "keep=best picks the epoch with the best validation "
                    + "accuracy, but valid= is empty")
        }
        let classes = arguments.string("classes")
        if !classes.isEmpty,
            Model.classNames(classes).count != widths[widths.count - 1]
        {
            throw StageError.usage(
                "classes=\(classes) names \(Model.classNames(classes).count) "
                    + "classes, but layers= ends in \(widths.last!)")
        }
    }

    var prefix: String { arguments.string("prefix") }

    public var expectedInputs: [InputSpec] {
        var specs = [
            InputSpec(name: arguments.string("data"), ranks: 2...2,
                      dtypes: [.float32, .float64]),
            InputSpec(name: arguments.string("labels"), ranks: 1...2),
        ]
        if !arguments.string("valid").isEmpty {
            specs += [
                InputSpec(name: arguments.string("valid"), ranks: 2...2,
                          dtypes: [.float32, .float64]),
                InputSpec(name: arguments.string("valid-labels"),
                          ranks: 1...2),
            ]
        }
        return specs
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        // A labelled set whose rows fit the first layer.
        func load(_ data: String, _ labels: String) throws
            -> (LabelledSet, Record)
        {
            let (set, record) = try ModelInputs.labelledSet(
                data: data, labels: labels, in: records,
                classes: widths[widths.count - 1])
            guard set.width == widths[0] else {
                throw StageError.runtime(
                    "\(record.summary) has rows of \(set.width) values, "
                        + "but layers= starts with \(widths[0])")
            }
            return (set, record)
        }
        let (train, dataRecord) = try load(
            arguments.string("data"), arguments.string("labels"))
        guard train.count > 0 else {
            throw StageError.runtime("\(dataRecord.summary) has no rows")
        }
        let validName = arguments.string("valid")
        let valid: LabelledSet? = try validName.isEmpty ? nil
            : load(validName, arguments.string("valid-labels")).0

        let activation = Activation(rawValue: arguments.string("activation"))!
        var trainer = Trainer(widths: widths, activation: activation,
                              options: options)
        var progress = TrainingProgress(
            epochs: options.epochs, context: context,
            batches: (train.count + options.batchSize - 1)
                / options.batchSize)
        let keepBest = arguments.string("keep") == "best"
        var best: (accuracy: Double, network: MLP)?
        for _ in 0..<options.epochs {
            let record = trainer.epoch(train: train, valid: valid) {
                progress.batch($0)
            }
            progress.epoch(record)
            guard record.trainLoss.isFinite else {
                throw StageError.runtime(
                    "epoch \(record.epoch): the training loss is "
                        + "\(record.trainLoss): the weights diverged; try a "
                        + "smaller rate= (now \(arguments.string("rate")))")
            }
            if keepBest, record.validAccuracy > (best?.accuracy ?? -1) {
                best = (record.validAccuracy, trainer.network)
            }
        }
        let network = best?.network ?? trainer.network
        if let best {
            context.log("kept the weights of the best epoch: valid "
                        + TrainingProgress.percent(best.accuracy))
        }

        let output = modelRecords(network, initial: trainer.initial,
                                  history: trainer.history,
                                  dataRecord: dataRecord)
        let save = arguments.string("save")
        if !save.isEmpty {
            // The file holds the model and its history; the initial
            // weights stay in the stream only.
            try ModelInputs.write(
                output.filter { !$0.name.hasPrefix(prefix + "init.") },
                to: save)
            context.log("wrote \(save)")
        }
        var result = records
        for record in output { result.put(record) }
        return result
    }

    /// The model, its initial weights and the history, as records.
    func modelRecords(_ network: MLP, initial: MLP, history: [EpochRecord],
                      dataRecord: Record) -> [Record] {
        var layout: String? = arguments.string("input")
        if layout == "auto" {
            layout = dataRecord.attributes["input"]
                ?? (widths[0] == 1024 ? "32x32 column-major, paper 1 ink 0"
                    : nil)
        } else if layout == "" {
            layout = nil
        }
        let given = arguments.string("classes")
        let classes = given.isEmpty
            ? Model.defaultClasses(widths[widths.count - 1]) : given
        let trained = "epochs \(options.epochs), batch \(options.batchSize), "
            + "rate \(arguments.string("rate")), momentum "
            + "\(arguments.string("momentum")), seed \(options.seed), keep "
            + arguments.string("keep")
        let model = Model.records(
            network, classes: classes, input: layout,
            extra: ["trained": trained], prefix: prefix)
        let start = Model.records(
            initial, classes: classes, input: layout,
            extra: ["trained": "no: Xavier initialisation, seed "
                        + "\(options.seed)"],
            prefix: prefix + "init.")
        return model + start + [Train.historyRecord(history, prefix: prefix)]
    }

    /// `history` as a float64 [epochs, 5] record.
    static func historyRecord(_ history: [EpochRecord], prefix: String)
        -> Record
    {
        let values = history.flatMap {
            [Double($0.epoch), $0.trainLoss, $0.trainAccuracy, $0.validLoss,
             $0.validAccuracy]
        }
        // No timings: they would make two runs' files differ.
        return Record(
            name: prefix + "history", role: "history",
            attributes: [
                "columns": "epoch,train_loss,train_accuracy,valid_loss,"
                    + "valid_accuracy",
            ],
            shape: [history.count, 5], data: .float64(values))
    }
}

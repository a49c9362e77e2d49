/// Scores a trained model on a labelled set: accuracy, loss and the
/// confusion matrix.
public struct Evaluate: Stage {
    public static let name = "evaluate"
    public static let summary =
        "accuracy and confusion matrix of a model on a labelled set"
    public static let help = """
        Applies the model (model= file, or the one in the stream under \
        prefix=) to data= and compares the most probable class with \
        labels= (one-hot or indices). Appends prefix+confusion, int32 \
        [K, K] (row = true class, column = predicted) with attributes \
        classes=, accuracy= and loss=, logs the accuracy and the pairs= \
        most confused pairs of classes, and appends the same lines as the \
        text record prefix+evaluation (for print). The input records pass \
        on.
        """
    public static let parameters: [Parameter] = [
        Parameter("data", .string, default: "test_data",
                  help: "the matrix to classify, by name"),
        Parameter("labels", .string, default: "test_labels",
                  help: "its labels, by name"),
        Parameter("model", .string, default: "",
                  help: "the model file (empty: the model in the stream)"),
        Parameter("prefix", .string, default: "",
                  help: "the prefix of the model's records and of the "
                      + "confusion record"),
        Parameter("pairs", .int, default: "5", range: 0...10_000,
                  help: "how many confused pairs to log"),
    ]

    let arguments: Arguments

    public init(_ arguments: Arguments) throws {
        self.arguments = arguments
        try ModelInputs.checkModelFile(arguments.string("model"))
    }

    public var expectedInputs: [InputSpec] {
        [InputSpec(name: arguments.string("data"), ranks: 2...2,
                   dtypes: [.float32, .float64]),
         InputSpec(name: arguments.string("labels"), ranks: 1...2)]
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        let (path, prefix) = (arguments.string("model"),
                              arguments.string("prefix"))
        let model = try ModelInputs.model(path: path, prefix: prefix,
                                          in: records)
        let (data, record) = try ModelInputs.labelledSet(
            data: arguments.string("data"),
            labels: arguments.string("labels"), in: records,
            classes: model.network.classCount)
        try ModelInputs.checkFits(
            record, model,
            modelName: ModelInputs.modelName(path: path, prefix: prefix))

        let k = model.network.classCount
        let evaluation = Evaluation(model.network, on: data)
        var counts = [Int](repeating: 0, count: k * k)
        for (label, guess) in zip(data.labels, evaluation.predictions) {
            counts[label * k + guess] += 1
        }
        let matrix = ConfusionMatrix(counts: counts, classes: model.classes)
        let loss = evaluation.loss
        var lines = ["\(record.name): \(matrix.accuracyText), loss "
                     + String(format: "%.4f", loss)]
        for pair in matrix.confusedPairs(limit: arguments.int("pairs")) {
            lines.append("confused: " + matrix.describe(pair))
        }
        lines.forEach(context.log)

        var output = records
        output.put(Record(
            name: prefix + "confusion", role: "confusion",
            attributes: [
                "classes": model.classesText,
                "accuracy": String(matrix.accuracy),
                "loss": String(loss),
                "data": record.name,
            ],
            shape: [k, k], data: .int32(counts.map { Int32($0) })))
        output.put(Record(name: prefix + "evaluation",
                          text: lines.joined(separator: "\n") + "\n"))
        return output
    }
}

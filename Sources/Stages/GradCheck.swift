/// Checks a network's analytic gradients against central differences.
public struct GradCheck: Stage {
    public static let name = "gradcheck"
    public static let summary =
        "check backpropagation against finite differences on every weight"
    public static let help = """
        Takes the first rows= rows of data= and labels= and a network: the \
        model= file, the MLP in the stream under prefix= (with from=stream), \
        or else a fresh Xavier-initialised one of layers= and activation= \
        drawn with seed=. For every scalar w of every weight and bias it \
        compares dJ/dw from backpropagation with (J(w+eps) - J(w-eps)) / \
        2eps (J: the cross-entropy averaged over the rows, evaluated by a \
        float64 forward pass so that float32 rounding does not swamp small \
        gradients) and logs, per \
        parameter, the largest relative error |a - n| / max(|a| + |n|, \
        floor). Appends gradcheck, float64 [parameters], the largest error \
        of each (attribute names=), and fails when any exceeds tolerance=. \
        The input records pass on.
        """
    public static let parameters: [Parameter] = [
        Parameter("data", .string, default: "train_data",
                  help: "the input matrix, by name"),
        Parameter("labels", .string, default: "train_labels",
                  help: "its labels, by name"),
        Parameter("rows", .int, default: "8", range: 1...1_000_000,
                  help: "how many rows the loss averages over"),
        Parameter("from", .choice(["fresh", "stream", "file"]),
                  default: "fresh",
                  help: "the network: fresh (layers=, activation=, seed=), "
                      + "the model in the stream, or the model= file"),
        Parameter("model", .string, default: "",
                  help: "the model file, for from=file"),
        Parameter("prefix", .string, default: "",
                  help: "the prefix of the model's records, for "
                      + "from=stream"),
        Parameter("layers", .intList, default: "1024,64,36",
                  range: 1...1_000_000,
                  help: "widths of a fresh network"),
        Parameter("activation",
                  .choice(Activation.allCases.map(\.rawValue)),
                  default: "sigmoid", help: "hidden activation of a fresh "
                      + "network"),
        Parameter("seed", .int, default: "1", range: 0...9.2e18,
                  help: "seeds a fresh network"),
        Parameter("epsilon", .double, default: "0.001", range: 1e-8...1,
                  help: "the finite-difference step"),
        Parameter("floor", .double, default: "0.0001", range: 0...1,
                  help: "the smallest denominator of the relative error"),
        Parameter("tolerance", .double, default: "0.001", range: 0...1,
                  help: "fail when a relative error exceeds this"),
    ]

    let arguments: Arguments

    public init(_ arguments: Arguments) throws {
        self.arguments = arguments
        let from = arguments.string("from")
        if from == "file", arguments.string("model").isEmpty {
            throw StageError.usage("from=file needs model=PATH")
        }
        if from != "file", !arguments.string("model").isEmpty {
            throw StageError.usage("model= applies to from=file")
        }
        try ModelInputs.checkModelFile(arguments.string("model"))
        if from == "fresh", arguments.intList("layers").count < 2 {
            throw StageError.usage(
                "layers=\(arguments.string("layers")) needs at least an "
                    + "input width and a class count")
        }
    }

    public var expectedInputs: [InputSpec] {
        [InputSpec(name: arguments.string("data"), ranks: 2...2,
                   dtypes: [.float32, .float64]),
         InputSpec(name: arguments.string("labels"), ranks: 1...2)]
    }

    func network(_ records: [Record]) throws -> MLP {
        let from = arguments.string("from")
        if from == "fresh" {
            var generator = SeededGenerator(
                seed: UInt64(arguments.int("seed")))
            return MLP(
                widths: arguments.intList("layers"),
                activation: Activation(
                    rawValue: arguments.string("activation"))!,
                using: &generator)
        }
        let path = from == "file" ? arguments.string("model") : ""
        let model = try ModelInputs.model(
            path: path, prefix: arguments.string("prefix"), in: records)
        guard let network = model.network as? MLP else {
            throw StageError.runtime(
                "gradcheck knows the gradients of an mlp, not model="
                    + (model.attributes["model"] ?? "?"))
        }
        return network
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        let network = try network(records)
        let (all, record) = try ModelInputs.labelledSet(
            data: arguments.string("data"),
            labels: arguments.string("labels"), in: records,
            classes: network.classCount)
        guard all.width == network.inputWidth, all.count > 0 else {
            throw StageError.runtime(
                "\(record.summary) does not fit a network of widths "
                    + network.widths.map(String.init).joined(separator: "-")
                    + " (or has no rows)")
        }
        let batch = all.prefix(arguments.int("rows"))
        let result = GradientCheck.check(
            network, x: batch.x, labels: batch.labels,
            epsilon: arguments.float("epsilon"),
            floor: arguments.double("floor"))

        for entry in result.entries {
            context.log(
                "\(entry.name) (\(entry.count) values): largest relative "
                    + "error " + format(entry.largestError)
                    + " (analytic " + format(entry.analytic)
                    + ", numerical " + format(entry.numerical) + ")")
        }
        let tolerance = arguments.double("tolerance")
        context.log("largest relative error " + format(result.largestError)
                    + " over \(batch.count) rows, tolerance "
                    + format(tolerance))
        guard result.largestError <= tolerance else {
            throw StageError.runtime(
                "gradient check failed: largest relative error "
                    + format(result.largestError) + " exceeds tolerance "
                    + format(tolerance))
        }
        var output = records
        output.put(Record(
            name: "gradcheck",
            attributes: ["names": result.entries.map(\.name)
                            .joined(separator: ",")],
            shape: [result.entries.count],
            data: .float64(result.entries.map(\.largestError))))
        return output
    }

    private func format(_ x: Double) -> String {
        String(format: "%.3g", x)
    }
}

/// Images that show what a trained fully connected network has learnt.
public struct Inspect: Stage {
    public static let name = "inspect"
    public static let summary =
        "class templates, best-scoring examples and first-layer filters"
    public static let help = """
        For an MLP model (model= file, or the one in the stream under \
        prefix=) whose input attribute says how a row is an image (e.g. \
        32x32 column-major), appends, each float32 [count, H, W], upright \
        and row-major: prefix+filters, one image per column of the first \
        layer's weights (and prefix+init.filters from \
        prefix+init.layer0.weight when the stream holds it); \
        prefix+templates, for each class of show= the image \
        onehot(i)·W_Lᵀ·...·W_1ᵀ; prefix+exemplars, the row of data= \
        that gives output i its highest probability. templates and \
        exemplars carry classes= (the classes shown). The input records \
        pass on.
        """
    public static let parameters: [Parameter] = [
        Parameter("data", .string, default: "valid_data",
                  help: "the rows to search for exemplars, by name"),
        Parameter("show", .string, default: "AO0",
                  help: "the classes to show: names, one character each "
                      + "or comma-separated"),
        Parameter("model", .string, default: "",
                  help: "the model file (empty: the model in the stream)"),
        Parameter("prefix", .string, default: "",
                  help: "the prefix of the model's records and of the "
                      + "records written"),
    ]

    let arguments: Arguments

    public init(_ arguments: Arguments) throws {
        self.arguments = arguments
        try ModelInputs.checkModelFile(arguments.string("model"))
        if arguments.string("show").isEmpty {
            throw StageError.usage("show= needs at least one class")
        }
    }

    public var expectedInputs: [InputSpec] {
        [InputSpec(name: arguments.string("data"), ranks: 2...2,
                   dtypes: [.float32, .float64])]
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        let (path, prefix) = (arguments.string("model"),
                              arguments.string("prefix"))
        let modelName = ModelInputs.modelName(path: path, prefix: prefix)
        let model = try ModelInputs.model(path: path, prefix: prefix,
                                          in: records)
        guard let network = model.network as? MLP else {
            throw StageError.runtime(
                "\(modelName) is model=\(model.attributes["model"] ?? "?"); "
                    + "inspect reads the weights of an mlp")
        }
        guard let text = model.input, let (height, width, order) =
            TileLayout.parse(text), height * width == network.inputWidth
        else {
            throw StageError.runtime(
                "\(modelName) has no input attribute of the form 'HxW "
                    + "row-major|column-major' matching its "
                    + "\(network.inputWidth) inputs; train with input=")
        }
        let (record, x) = try ModelInputs.matrix(arguments.string("data"),
                                                 in: records)
        try ModelInputs.checkFits(record, model, modelName: modelName)
        let shown = try classIndices(model.classes)
        guard x.shape[0] > 0 else {
            throw StageError.runtime("\(record.summary) has no rows")
        }

        let rows = TileLayout(height: height, width: width, axis: .rows,
                              order: order)
        func images(_ name: String, _ matrix: Tensor, _ layout: TileLayout,
                    classes: String?) -> Record {
            let tiles = layout.tiles(from: matrix.scalars,
                                     shape: matrix.shape)
            return Record(
                name: prefix + name,
                attributes: classes.map { ["classes": $0] } ?? [:],
                shape: [tiles.count, height, width],
                data: .float32(tiles.flatMap { $0 }))
        }
        let names = shown.map { model.classes[$0] }
        let classes = names.contains { $0.count != 1 }
            ? names.joined(separator: ",") : names.joined()

        var columns = rows
        columns.axis = .columns
        var output = records
        output.put(images("filters", network.layers[0].weight, columns,
                          classes: nil))
        if let start = records.named(prefix + "init." + Model.anchor),
            start.shape == network.layers[0].weight.shape
        {
            output.put(images(
                "init.filters",
                Tensor(shape: start.shape, scalars: start.data.floats),
                columns, classes: nil))
        }
        output.put(images("templates", Inspect.templates(network, shown),
                          rows, classes: classes))
        let best = Inspect.exemplars(network, x, shown)
        output.put(images("exemplars", x.rows(best), rows, classes: classes))
        context.log("templates and exemplars of " + names.joined(separator: " ")
                    + ": rows " + best.map(String.init).joined(separator: " ")
                    + " of \(record.name)")
        return output
    }

    /// The indices of show='s classes among the model's.
    func classIndices(_ classes: [String]) throws -> [Int] {
        let wanted = ConfusionMatrix.classNames(arguments.string("show"))
        return try wanted.map { name in
            guard let index = classes.firstIndex(of: name) else {
                throw StageError.runtime(
                    "show= names class '\(name)', which the model does not "
                        + "have (classes: \(classes.joined()))")
            }
            return index
        }
    }

    /// `onehot(i)·W_(L−1)ᵀ·...·W_0ᵀ` for each i of `classes`:
    /// `[classes.count, n_0]`.
    static func templates(_ network: MLP, _ classes: [Int]) -> Tensor {
        var v = Tensor(zeros: [classes.count, network.classCount])
        for (row, i) in classes.enumerated() { v[row, i] = 1 }
        for layer in network.layers.reversed() {
            v = matmul(v, layer.weight, transposeB: true)
        }
        return v
    }

    /// For each class i, the row of `x` with the highest probability p_i.
    static func exemplars(_ network: MLP, _ x: Tensor, _ classes: [Int])
        -> [Int]
    {
        guard x.shape[0] > 0 else { return classes.map { _ in 0 } }
        let top = network.probabilities(x).argmax(axis: 0)
        return classes.map { top[$0] }
    }
}

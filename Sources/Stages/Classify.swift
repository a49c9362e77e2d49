/// Applies a trained model to rows of data and emits class probabilities.
public struct Classify: Stage {
    public static let name = "classify"
    public static let summary =
        "class probabilities of each row of crops or data from a trained model"
    public static let help = """
        Reads the matrix input= [N, D] (float32 or float64, one example per \
        row; N may be 0) and appends probabilities, float32 [N, K] with role \
        probabilities and the model's classes= attribute (one character per \
        class, e.g. ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789). The model comes \
        from model= (a file written by train save=, see docs/models.md) or, \
        when model= is empty, from the stream (records prefix+layer0.weight, \
        ... with role weights). Any kind of network the model file \
        describes is applied the same way. An input whose width, or whose \
        input= attribute (e.g. 32x32 column-major, paper 1 ink 0), differs \
        from the model's is refused. The input records pass on.
        """
    public static let parameters: [Parameter] = [
        Parameter("model", .string, default: "",
                  help: "the model file (empty: the model in the stream)"),
        Parameter("input", .string, default: "crops",
                  help: "the record to classify, by name"),
        Parameter("prefix", .string, default: "",
                  help: "the prefix of the model's record names"),
        Parameter("name", .string, default: "probabilities",
                  help: "the name of the output record"),
    ]

    let modelPath: String
    let input: String
    let prefix: String
    let outputName: String

    public init(_ arguments: Arguments) throws {
        modelPath = arguments.string("model")
        input = arguments.string("input")
        prefix = arguments.string("prefix")
        outputName = arguments.string("name")
        try ModelInputs.checkModelFile(modelPath)
        if outputName.isEmpty {
            throw StageError.usage("name= needs a record name")
        }
    }

    public var expectedInputs: [InputSpec] {
        [InputSpec(name: input, ranks: 2...2, dtypes: [.float32, .float64])]
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        let model = try ModelInputs.model(path: modelPath, prefix: prefix,
                                          in: records)
        let (record, x) = try ModelInputs.matrix(input, in: records)
        try ModelInputs.checkFits(
            record, model,
            modelName: ModelInputs.modelName(path: modelPath, prefix: prefix))
        let p = model.network.probabilities(x)
        var output = records
        output.put(Record(
            name: outputName, role: "probabilities",
            attributes: ["classes": model.classesText],
            shape: p.shape, data: .float32(p.scalars)))
        return output
    }
}

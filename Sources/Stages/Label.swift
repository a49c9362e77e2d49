/// Ink mask → connected components (8-connectivity) as a label image.
public struct Label: Stage {
    public static let name = "label"
    public static let summary =
        "label the connected components of the ink (8-connectivity)"
    public static let help = """
        Reads the last mask (float [H, W]; ink where the value is below \
        0.5, as binarize writes it) and emits 'components', int32 [H, W] \
        with role components: 0 for paper, 1...N for the components in the \
        order of their first pixel (rows top to bottom, then columns), with \
        the attribute count=N. Pixels touching by a side or a corner belong \
        together. The input records pass on.
        """
    public static let parameters: [Parameter] = []
    public static let inputs = [
        InputSpec(role: "mask", ranks: 2...2, dtypes: [.float32, .float64]),
    ]

    public init(_ arguments: Arguments) throws {}

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        let mask = Self.inputs[0].pick(from: records)!
        let ink = Label.inkMask(mask)
        let components = Components(ink)
        var attributes = mask.attributes
        attributes["count"] = String(components.count)
        var output = records
        output.put(Record(
            name: "components", role: "components", attributes: attributes,
            shape: mask.shape, data: .int32(components.labels)))
        return output
    }

    /// The ink of a mask record: values below 0.5 (NaN counts as paper).
    static func inkMask(_ record: Record) -> InkMask {
        InkMask(
            width: record.shape[1], height: record.shape[0],
            ink: record.data.floats.parallelMap { $0 < 0.5 ? 1 : 0 })
    }
}

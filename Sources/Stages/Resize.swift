/// Boxes + ink → 32 x 32 character crops in the training images' layout.
public struct Resize: Stage {
    public static let name = "resize"
    public static let summary =
        "crop each box from the ink and scale it to 32x32 like NIST36"
    public static let help = """
        Reads the last mask (float [H, W], ink below 0.5) and the last \
        boxes record (int32 [N, 4]: y1, x1, y2, x2, corners inclusive) and \
        emits 'crops', float32 [N, 1024] with role batch and the attribute \
        input=32x32 column-major, paper 1 ink 0: pixel row r, column c of \
        crop n is element [n, c*32 + r], as in the rows of nist36_*.mat. \
        Each crop holds the ink of its box only, centred, its longer side \
        scaled to fill= of the frame; strokes thinner than stroke= times \
        that side are dilated first (the training images' strokes are \
        about 0.1 of the side), and edges are softened. The stroke width \
        comes from the mask's stroke-width attribute (binarize writes it; \
        a value that is not a number in 0.01 pixels...the mask's longer \
        side is an error), else it is measured. When the stream holds \
        the components (label writes them), a crop keeps only the components that have at least \
        a quarter of their pixels in its box, so a neighbour reaching into \
        the box stays out while the parts of a split component stay in. \
        grid=FILE.png also saves the crops as an image grid (nothing is \
        written when there are no boxes). More than max-boxes= boxes, or a \
        box outside the mask, is an error. The input records pass on.
        """
    public static let parameters: [Parameter] = [
        Parameter(
            "fill", .double, default: "0.8125", range: 0.1...1,
            help: "the character's longer side over the frame's"),
        Parameter(
            "stroke", .double, default: "0.1", range: 0...0.5,
            help: "the stroke width to reach, over the longer side"),
        Parameter(
            "grid", .string, default: "",
            help: "also save the crops as a PNG image grid here"),
        Parameter(
            "max-boxes", .int, default: String(defaultMaxBoxes),
            range: 0...10_000_000,
            help: "refuse more boxes than this (4 KiB of crop each)"),
    ]
    public static let inputs = [
        InputSpec(role: "mask", ranks: 2...2, dtypes: [.float32, .float64]),
        InputSpec(role: "boxes", ranks: 2...2),
    ]

    /// The `input` attribute of the crops, the contract with classify.
    public static let layout = "32x32 column-major, paper 1 ink 0"

    let normalizer: CropNormalizer
    let grid: String
    let maxBoxes: Int

    public init(_ arguments: Arguments) throws {
        maxBoxes = arguments.int("max-boxes")
        var normalizer = CropNormalizer()
        normalizer.fill = arguments.double("fill")
        normalizer.strokeFraction = arguments.double("stroke")
        self.normalizer = normalizer
        grid = arguments.string("grid")
        if !grid.isEmpty && !grid.lowercased().hasSuffix(".png") {
            throw StageError.usage("grid=\(grid) must end in .png")
        }
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        let maskRecord = Self.inputs[0].pick(from: records)!
        let ink = Label.inkMask(maskRecord)
        let boxes = try Box.boxes(
            Self.inputs[1].pick(from: records)!, height: ink.height,
            width: ink.width, limit: maxBoxes)
        // A stroke is at least a hundredth of a pixel and at most the
        // mask's longer side: anything else is no measurement.
        let stroke = try maskRecord.number(
            "stroke-width", in: 0.01...Double(max(1, ink.height, ink.width)))
            ?? ink.strokeWidth ?? 1

        let owners = try records.withRole("components").map {
            try CharacterOwners($0, height: ink.height, width: ink.width)
        }
        var crops = [[Float]](repeating: [], count: boxes.count)
        crops.withUnsafeMutableBufferPointer { crops in
            let crops = crops
            Parallel.forEach(boxes.count) { n in
                crops[n] = normalizer.crop(
                    ink, box: boxes[n], strokeWidth: stroke,
                    keep: owners?.keep(in: boxes[n]))
            }
        }
        if !grid.isEmpty {
            if crops.isEmpty {
                context.log("no boxes: \(grid) not written")
            } else {
                try Resize.saveGrid(crops, to: grid)
            }
        }
        var output = records
        output.put(Record(
            name: "crops", role: "batch", attributes: ["input": Resize.layout],
            shape: [boxes.count, 1024], data: .float32(crops.flatMap { $0 })))
        return output
    }

    /// The crops as a grid of tiles, upright (the stored crops are
    /// column-major), 16 to a row.
    static func saveGrid(_ crops: [[Float]], to path: String) throws {
        let n = CropNormalizer.side
        let tiles = crops.map { crop in
            (0..<(n * n)).map { i in crop[(i % n) * n + i / n] }
        }
        var grid = ImageGrid(
            tiles: tiles, tileHeight: n, tileWidth: n,
            columns: min(16, tiles.count))
        grid.scale = 2
        grid.background = RGB(128, 128, 128)
        try grid.render().writePNG(to: path)
    }
}

/// Which components' ink belongs to a box: those with at least a quarter
/// of their pixels inside it.
struct CharacterOwners {
    let labels: [Int32]
    let width: Int
    let areas: [Int]

    init(_ record: Record, height: Int, width: Int) throws {
        guard case .int32 = record.data, record.shape == [height, width]
        else {
            throw StageError.runtime(
                "\(record.summary) does not label the \(width)x\(height) "
                    + "mask: expected int32 [\(height), \(width)]")
        }
        let (labels, count) = try record.componentLabels()
        var areas = [Int](repeating: 0, count: count + 1)
        for label in labels where label > 0 { areas[Int(label)] += 1 }
        self.labels = labels
        self.width = width
        self.areas = areas
    }

    /// Whether pixel (y, x) belongs to the characters of `box`.
    func keep(in box: CharacterBox) -> (Int, Int) -> Bool {
        var inside: [Int32: Int] = [:]
        for y in box.top...box.bottom {
            for x in box.left...box.right {
                let label = labels[y * width + x]
                if label > 0 { inside[label, default: 0] += 1 }
            }
        }
        let owners = Set(inside.filter { 4 * $0.value >= areas[Int($0.key)] }
            .keys)
        return { [labels, width] y, x in
            owners.contains(labels[y * width + x])
        }
    }
}

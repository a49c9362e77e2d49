/// Draws the character boxes, and what was read, over the photo.
public struct Overlay: Stage {
    public static let name = "overlay"
    public static let summary =
        "draw the boxes (and recognised characters) over the photo as PNG"
    public static let help = """
        Reads the last image (float [H, W] or [H, W, C], 0...1) and the \
        last boxes record (y1, x1, y2, x2, corners inclusive) and writes \
        path= as an RGB PNG: the photo shrunk by a whole factor so its \
        longer side is at most max-side= pixels, each box framed in red \
        and above it in blue what the box reads: decode's readings when \
        the stream holds them, else the most probable class of the \
        probabilities (with classes=). The stream passes \
        on unchanged (dropped when stdout is a terminal). An empty path= \
        draws nothing, so that a pipeline file can make the picture \
        optional. A box outside the image, or more than max-boxes= \
        boxes, is an error.
        """
    public static let parameters: [Parameter] = [
        Parameter(
            "path", .string, default: "", positional: true,
            help: "the PNG file to write; empty draws nothing"),
        Parameter(
            "max-side", .int, default: "1600", range: 16...100_000,
            help: "the longest side of the picture, pixels"),
        Parameter(
            "max-boxes", .int, default: String(defaultMaxBoxes),
            range: 0...10_000_000,
            help: "refuse more boxes than this"),
    ]
    public static let inputs = [
        InputSpec(role: "image", ranks: 2...3),
        InputSpec(role: "boxes", ranks: 2...2),
    ]
    public static let isSink = true

    let path: String
    let maxSide: Int
    let maxBoxes: Int

    public init(_ arguments: Arguments) throws {
        maxBoxes = arguments.int("max-boxes")
        path = arguments.string("path")
        maxSide = arguments.int("max-side")
        guard path.isEmpty || path.lowercased().hasSuffix(".png") else {
            throw StageError.usage("path=\(path) must end in .png")
        }
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        if path.isEmpty { return records }
        let image = Self.inputs[0].pick(from: records)!
        let (height, width) = (image.shape[0], image.shape[1])
        let channels = image.rank == 3 ? image.shape[2] : 1
        guard (1...4).contains(channels), height > 0, width > 0 else {
            throw StageError.runtime(
                "\(image.summary): expected a non-empty image of 1 to 4 "
                    + "channels")
        }
        let boxes = try Box.boxes(
            Self.inputs[1].pick(from: records)!, height: height, width: width,
            limit: maxBoxes)
        var characters: [Character]?
        if let readings = records.withRole("readings"),
            readings.count == boxes.count
        {
            // Anything but a Unicode value (negative, NaN, a surrogate)
            // draws as "?".
            characters = readings.data.floats.map {
                let scalar = (0..<0x110000).contains($0)
                    ? UnicodeScalar(UInt32($0)) : nil
                return Character(scalar ?? "?")
            }
        } else if let probabilities = records.withRole("probabilities") {
            characters = try Decode.characters(
                probabilities, count: boxes.count)
        }
        let drawing = BoxDrawing(
            samples: image.data.floats, height: height, width: width,
            channels: channels, maxSide: maxSide)
        try drawing.render(boxes, characters: characters).writePNG(to: path)
        return records
    }
}

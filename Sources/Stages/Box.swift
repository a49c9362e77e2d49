/// Components → one box per character.
public struct Box: Stage {
    public static let name = "box"
    public static let summary =
        "one box per character from the ink's components: drop, merge, split"
    public static let help = """
        Reads the last record with role components (int32 [H, W], as label \
        writes it) and emits 'boxes', int32 [N, 4] with role boxes: each \
        row y1, x1, y2, x2 in photo pixels, corners inclusive (the box \
        covers rows y1...y2 and columns x1...x2), sorted by top edge then \
        left edge, with the attribute letter-height= (pixels). Sizes are \
        relative to the letter height L, the area-weighted median height \
        of the components: components touching the image border, long thin \
        lines spanning a third of its height or width (a sheet's outline: \
        ink filling under 5% of its box, a frame spanning two thirds both \
        ways, or a straight edge), or taller than tallest= L or wider than \
        widest= L are dropped; pieces whose \
        columns overlap by half the narrower one and whose vertical gap is \
        under merge-gap= L are merged; what is smaller than speck= L both \
        ways is dropped; a box wider than split= times the median \
        character width is cut at its columns of least ink. More than \
        max-boxes= boxes (a page of noise or dots, not writing) is an \
        error. Labels must lie in 0...H*W, and within count= when the \
        record has it. The input records pass on.
        """
    public static let parameters: [Parameter] = [
        Parameter(
            "tallest", .double, default: "3", range: 0.1...100,
            help: "drop components taller than this many letter heights"),
        Parameter(
            "widest", .double, default: "6", range: 0.1...1000,
            help: "drop components wider than this many letter heights"),
        Parameter(
            "merge-gap", .double, default: "0.3", range: 0...10,
            help: "merge pieces closer than this, in letter heights"),
        Parameter(
            "speck", .double, default: "0.3", range: 0...10,
            help: "drop boxes smaller than this both ways, in letter heights"),
        Parameter(
            "split", .double, default: "1.8", range: 1...100,
            help: "split boxes wider than this many character widths"),
        Parameter(
            "max-boxes", .int, default: String(defaultMaxBoxes),
            range: 0...10_000_000,
            help: "refuse a page giving more boxes than this"),
        Parameter(
            "small", .double, default: "16", range: 0...1000,
            help: "warn when the letter height is under this many pixels: "
                + "smaller letters lose the detail the 32x32 crops need "
                + "(a photo of 01_list scaled to 12 px letters reads as "
                + "noise, at 18 px it reads)"),
    ]
    public static let inputs = [
        InputSpec(role: "components", ranks: 2...2, dtypes: [.int32]),
    ]

    let boxer: CharacterBoxer
    let maxBoxes: Int
    let small: Double

    public init(_ arguments: Arguments) throws {
        maxBoxes = arguments.int("max-boxes")
        small = arguments.double("small")
        var boxer = CharacterBoxer()
        boxer.tallest = arguments.double("tallest")
        boxer.widest = arguments.double("widest")
        boxer.mergeGap = arguments.double("merge-gap")
        boxer.speck = arguments.double("speck")
        boxer.splitWidth = arguments.double("split")
        self.boxer = boxer
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        let record = Self.inputs[0].pick(from: records)!
        let (labels, count) = try record.componentLabels()
        let components = Components(
            width: record.shape[1], height: record.shape[0], labels: labels,
            count: count)
        let result = boxer.boxes(components)
        guard result.boxes.count <= maxBoxes else {
            throw StageError.runtime(
                "\(result.boxes.count) boxes from \(count) components, more "
                    + "than max-boxes=\(maxBoxes): is this a photo of "
                    + "writing? (raise max-boxes= if it is)")
        }
        context.log(
            "\(result.boxes.count) boxes from \(count) components, letter "
                + "height \(format2(result.letterHeight)) px")
        if !result.boxes.isEmpty && Double(result.letterHeight) < small {
            context.log(
                "warning: letters \(format2(result.letterHeight)) px high "
                    + "are too small to read well (under small=\(format2(small))"
                    + " px); photograph the writing larger")
        }
        var output = records
        output.put(Box.record(result.boxes, attributes: [
            "letter-height": format2(result.letterHeight),
        ]))
        return output
    }

    /// The `boxes` record: int32 [N, 4], rows y1, x1, y2, x2.
    static func record(
        _ boxes: [CharacterBox], attributes: [String: String] = [:]
    ) -> Record {
        Record(
            name: "boxes", role: "boxes", attributes: attributes,
            shape: [boxes.count, 4],
            data: .int32(boxes.flatMap {
                [$0.top, $0.left, $0.bottom, $0.right].map(Int32.init)
            }))
    }

    /// The boxes of a `boxes` record, checked: whole numbers, at most
    /// `limit` of them (named `parameter` in the message), each inside
    /// an image of `height` x `width` with its corners in order.
    static func boxes(
        _ record: Record, height: Int, width: Int, limit: Int,
        parameter: String = "max-boxes"
    ) throws -> [CharacterBox] {
        guard record.rank == 2, record.shape[1] == 4 else {
            throw StageError.runtime(
                "\(record.summary): expected boxes [N, 4] (y1, x1, y2, x2)")
        }
        guard record.shape[0] <= limit else {
            throw StageError.runtime(
                "\(record.summary) holds more than \(parameter)=\(limit) "
                    + "boxes")
        }
        let values: [Int]
        if case .int32(let integers) = record.data {
            values = integers.map(Int.init)
        } else {
            let floats = record.data.floats
            if let bad = floats.firstIndex(where: {
                !($0.isFinite && $0 == $0.rounded() && abs($0) < 1e9)
            }) {
                throw StageError.runtime(
                    "\(record.summary): box \(bad / 4) holds \(floats[bad]), "
                        + "not a pixel position")
            }
            values = floats.map { Int($0) }
        }
        return try stride(from: 0, to: values.count, by: 4).map { i in
            let box = CharacterBox(
                top: values[i], left: values[i + 1], bottom: values[i + 2],
                right: values[i + 3])
            guard box.top >= 0, box.left >= 0, box.top <= box.bottom,
                box.left <= box.right, box.bottom < height, box.right < width
            else {
                let fault = height == .max
                    ? "is no box (y1 <= y2, x1 <= x2, none negative)"
                    : "does not lie inside the \(width)x\(height) image"
                throw StageError.runtime(
                    "box \(i / 4) [\(box.top), \(box.left), \(box.bottom), "
                        + "\(box.right)] \(fault)")
            }
            return box
        }
    }
}

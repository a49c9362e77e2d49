/// Boxes + class probabilities → the text, line by line.
public struct Decode: Stage {
    public static let name = "decode"
    public static let summary =
        "group character boxes into lines and words and emit the text"
    public static let help = """
        Reads the last boxes record (int32 [N, 4]: y1, x1, y2, x2) and the \
        last record with role probabilities (float [N, K] with the \
        attribute classes=, one character per class) and emits 'text' \
        (role text): the most probable character of each box, one line of \
        text per line of boxes, lines top to bottom, each left to right. A \
        box joins the line whose course (its last box, extrapolated along \
        the line's slope) passes within line= box heights of it, so \
        slanted lines hold together. Gaps, in the line's median box \
        height, split into narrow and wide (Otsu); wide ones of at least \
        space= are spaces; a line without two kinds of gap whose median \
        gap is at least letter-spacing= and at least its median box width \
        has a space in every gap (letters written apart; narrower gaps \
        are one widely written word). With vote=true a word of letters and digits is \
        read as one kind, the more probable one over the word (three or \
        more one-character words of a line vote together). No boxes give \
        an empty text; more than max-boxes= boxes is an error. \
        It also emits 'readings', int32 [N] with role readings: the \
        Unicode value of what each box reads, in box order (overlay draws \
        them). The input records pass on.
        """
    public static let parameters: [Parameter] = [
        Parameter(
            "line", .double, default: "0.5", range: 0.05...5,
            help: "how far off a line's course a box may sit, in heights"),
        Parameter(
            "space", .double, default: "0.8", range: 0...100,
            help: "the narrowest gap between words, in box heights"),
        Parameter(
            "letter-spacing", .double, default: "0.45", range: 0...100,
            help: "the median gap of a line of letters written apart"),
        Parameter(
            "vote", .bool, default: "true",
            help: "read each word as all letters or all digits"),
        Parameter(
            "max-boxes", .int, default: String(defaultMaxBoxes),
            range: 0...10_000_000,
            help: "refuse more boxes than this (lines take N x lines)"),
    ]
    public static let inputs = [
        InputSpec(role: "boxes", ranks: 2...2),
        InputSpec(
            role: "probabilities", ranks: 2...2,
            dtypes: [.float32, .float64]),
    ]

    let decoder: LineDecoder
    let vote: Bool
    let maxBoxes: Int

    public init(_ arguments: Arguments) throws {
        maxBoxes = arguments.int("max-boxes")
        var decoder = LineDecoder()
        decoder.lineTolerance = arguments.double("line")
        decoder.spaceGap = arguments.double("space")
        decoder.letterSpacing = arguments.double("letter-spacing")
        vote = arguments.bool("vote")
        self.decoder = decoder
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        let boxes = try Box.boxes(
            Self.inputs[0].pick(from: records)!, height: .max, width: .max,
            limit: maxBoxes)
        let (probabilities, classes) = try Decode.probabilities(
            Self.inputs[1].pick(from: records)!, count: boxes.count)
        // Lines and words are cut once, for the vote and for the text.
        let words = decoder.words(boxes)
        let characters = vote
            ? decoder.characters(
                words: words, count: boxes.count,
                probabilities: probabilities, classes: classes)
            : Decode.mostProbable(probabilities, classes)
        var output = records
        output.put(Record(
            name: "text",
            text: decoder.text(words: words, characters: characters)))
        output.put(Record(
            name: "readings", role: "readings",
            shape: [characters.count],
            data: .int32(characters.map {
                Int32($0.unicodeScalars.first!.value)
            })))
        return output
    }

    /// The most probable class of each row, as its character.
    static func characters(_ record: Record, count: Int) throws
        -> [Character]
    {
        let (rows, classes) = try probabilities(record, count: count)
        return mostProbable(rows, classes)
    }

    /// Each row's most probable class (the first of equals).
    static func mostProbable(_ rows: [[Float]], _ classes: [Character])
        -> [Character]
    {
        rows.map { row in classes[row.indices.max { row[$0] < row[$1] }!] }
    }

    /// The rows of a probabilities record and its classes.
    static func probabilities(_ record: Record, count: Int) throws
        -> (rows: [[Float]], classes: [Character])
    {
        guard let classes = record.attributes["classes"].map(Array.init),
            !classes.isEmpty
        else {
            throw StageError.runtime(
                "\(record.summary) has no classes= attribute naming its "
                    + "classes")
        }
        guard record.shape[0] == count, record.shape[1] == classes.count
        else {
            throw StageError.runtime(
                "\(record.summary) does not fit \(count) boxes and "
                    + "\(classes.count) classes (classes=\(String(classes)))")
        }
        let values = record.data.floats
        let rows = (0..<count).map { n in
            Array(values[(n * classes.count)..<((n + 1) * classes.count)])
        }
        return (rows, classes)
    }
}

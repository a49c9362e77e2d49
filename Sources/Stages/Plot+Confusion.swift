import Foundation

/// kind=confusion: the confusion matrix as a PNG, and its worst pairs.
extension Plot {
    func drawConfusion(_ records: [Record], context: StageContext) throws {
        let record = try record(input, in: records)
        let matrix = try Plot.confusionMatrix(
            record, classes: classNames(count: record.shape[0], from: record))

        let name = title(or: "confusion matrix: \(input)")
        var figure = ConfusionFigure(
            matrix: matrix, title: [name, matrix.accuracyText])
        figure.showCounts = arguments.bool("counts")
        let image = figure.render()
        try image.writePNG(to: out)
        wrote(out, "\(image.width)x\(image.height)", context: context)

        let pairs = matrix.confusedPairs(limit: arguments.int("pairs"))
        var lines = ["\(name): \(matrix.accuracyText)"]
        if !pairs.isEmpty {
            lines.append("most confused pairs (true as predicted):")
            lines += pairs.map { "  " + matrix.describe($0) }
        }
        for line in lines.dropFirst() { context.log(line) }
        let textPath = (out.hasSuffix(".png") ? String(out.dropLast(4)) : out)
            + ".txt"
        try FigureFile.write(lines.joined(separator: "\n") + "\n",
                             to: textPath)
        wrote(textPath, "\(pairs.count) pairs", context: context)
    }

    /// A square record of counts as a confusion matrix; the counts must be
    /// whole numbers, 0 or more.
    static func confusionMatrix(_ record: Record,
                                classes: [String]) throws -> ConfusionMatrix {
        guard record.rank == 2, record.shape[0] == record.shape[1] else {
            throw StageError.runtime(
                "\(record.summary) is not a square confusion matrix")
        }
        let counts = try record.data.floats.map { value -> Int in
            guard value.isFinite, value >= 0, value == value.rounded(),
                value < 1e9
            else {
                throw StageError.runtime(
                    "\(record.summary) holds \(value), not a count")
            }
            return Int(value)
        }
        return ConfusionMatrix(counts: counts, classes: classes)
    }
}

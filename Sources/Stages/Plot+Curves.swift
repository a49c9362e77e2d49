import Foundation

/// kind=curves: accuracy and loss per epoch, train and valid.
extension Plot {
    /// Column indices of a history record.
    struct HistoryColumns: Equatable {
        var epoch: Int?
        var trainLoss: Int
        var trainAccuracy: Int
        var validLoss: Int
        var validAccuracy: Int

        /// Reads `columns=epoch,train_loss,...` by the words in each name;
        /// without the attribute a 5-column history is taken in the order
        /// epoch, train loss, train accuracy, valid loss, valid accuracy.
        init(_ record: Record) throws {
            guard let attribute = record.attributes["columns"] else {
                guard record.shape[1] == 5 else {
                    throw StageError.runtime(
                        "\(record.summary) has no columns attribute and not "
                            + "5 columns (epoch, train loss, train acc, "
                            + "valid loss, valid acc)")
                }
                (epoch, trainLoss, trainAccuracy, validLoss, validAccuracy)
                    = (0, 1, 2, 3, 4)
                return
            }
            let names = attribute.lowercased().split(
                separator: ",", omittingEmptySubsequences: false
            ).map { $0.trimmingCharacters(in: .whitespaces) }
            guard names.count == record.shape[1] else {
                throw StageError.runtime(
                    "\(record.name)'s columns attribute names \(names.count)"
                        + " columns, but \(record.summary) has "
                        + "\(record.shape[1])")
            }
            func find(_ split: String, _ metric: String) throws -> Int {
                let splits = split == "valid" ? ["valid", "val"] : [split]
                guard let index = names.firstIndex(where: { name in
                    splits.contains { name.contains($0) }
                        && name.contains(metric)
                }) else {
                    throw StageError.runtime(
                        "\(record.name) has no \(split) \(metric) column "
                            + "(columns=\(attribute))")
                }
                return index
            }
            epoch = names.firstIndex(of: "epoch")
            trainLoss = try find("train", "loss")
            trainAccuracy = try find("train", "acc")
            validLoss = try find("valid", "loss")
            validAccuracy = try find("valid", "acc")
        }
    }

    func drawCurves(_ records: [Record], context: StageContext) throws {
        let history = try record(input, in: records)
        let columns = try HistoryColumns(history)
        let width = history.shape[1]
        let values = history.data.floats.map(Double.init)
        let epochs = history.shape[0]
        guard epochs > 0 else {
            throw StageError.runtime("\(history.summary) has no epochs")
        }
        func column(_ index: Int) -> [Double] {
            (0..<epochs).map { values[$0 * width + index] }
        }
        let x = columns.epoch.map(column)
            ?? (1...epochs).map(Double.init)

        // Accuracies in 0...1 are fractions: show percent.
        var trainAccuracy = column(columns.trainAccuracy)
        var validAccuracy = column(columns.validAccuracy)
        let fractions = (trainAccuracy + validAccuracy)
            .filter(\.isFinite).allSatisfy { $0 <= 1 }
        if fractions {
            trainAccuracy = trainAccuracy.map { $0 * 100 }
            validAccuracy = validAccuracy.map { $0 * 100 }
        }

        let name = title(or: input)
        let subtitle = try testAccuracy(records)
        if !subtitle.isEmpty { context.log("\(name): \(subtitle)") }
        let stem = out.hasSuffix(".svg") ? String(out.dropLast(4)) : out
        let charts = [
            ("accuracy", fractions ? "accuracy (%)" : "accuracy",
             trainAccuracy, validAccuracy),
            ("loss", "loss", column(columns.trainLoss),
             column(columns.validLoss)),
        ]
        for (metric, axis, train, valid) in charts {
            var chart = LineChart(
                title: "\(name): \(metric) per epoch", xLabel: "epoch",
                yLabel: axis,
                series: [
                    .init(name: "train", x: x, y: train,
                          color: RGB(31, 95, 191)),
                    .init(name: "valid", x: x, y: valid,
                          color: RGB(217, 102, 26), dashed: true),
                ])
            chart.subtitle = subtitle
            chart.integerX = true
            let path = "\(stem)-\(metric).svg"
            try FigureFile.write(chart.svg(), to: path)
            wrote(path, "\(epochs) epochs", context: context)
            if arguments.bool("png") {
                try chart.raster().writePNG(to: "\(stem)-\(metric).png")
                wrote("\(stem)-\(metric).png", "\(epochs) epochs",
                      context: context)
            }
        }
    }

    /// `test accuracy 76.4% (1375 of 1800)` from test=, or "" without it.
    func testAccuracy(_ records: [Record]) throws -> String {
        let name = arguments.string("test")
        if name.isEmpty { return "" }
        let test = try record(name, in: records)
        if test.count == 1 {
            let value = Double(test.data.floats[0])
            return String(format: "test accuracy %.1f%%",
                          value <= 1 ? value * 100 : value)
        }
        let matrix = try Plot.confusionMatrix(
            test, classes: (0..<test.shape[0]).map(String.init))
        return "test " + matrix.accuracyText
    }
}

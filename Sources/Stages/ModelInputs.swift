import Foundation

/// What the network stages share: finding the model, the data matrix and
/// the labels in the stream, each refused in one line when it does not
/// fit.
enum ModelInputs {
    /// The model= file, or when `path` is empty the model in the stream
    /// under `prefix`.
    static func model(path: String, prefix: String, in records: [Record])
        throws -> Model
    {
        path.isEmpty ? try Model(records: records, prefix: prefix)
            : try Model(path: path, prefix: prefix)
    }

    /// Refuses a model= file that cannot be opened for reading, so that a
    /// pipeline fails when it is built rather than after its first stages
    /// ran. An empty path (the model in the stream) passes.
    static func checkModelFile(_ path: String) throws {
        guard !path.isEmpty else { return }
        do {
            try FileBytes.checkReadable(path)
        } catch let error as FormatError {
            throw StageError.runtime(error.message)
        }
    }

    /// Where the model came from, for messages.
    static func modelName(path: String, prefix: String) -> String {
        path.isEmpty ? "the model '\(prefix)\(Model.anchor)' in the stream"
            : "model \(path)"
    }

    /// The record `name` as a float32 matrix `[N, D]`.
    static func matrix(_ name: String, in records: [Record]) throws
        -> (record: Record, x: Tensor)
    {
        guard let record = records.named(name) else {
            throw missing(name, in: records)
        }
        guard record.rank == 2,
            record.dtype == .float32 || record.dtype == .float64
        else {
            throw StageError.runtime(
                "\(record.summary) should be a float32 or float64 matrix "
                    + "[N, D], one example per row")
        }
        let scalars = record.data.floats
        if let first = scalars.firstIndex(where: { !$0.isFinite }) {
            let count = scalars.lazy.filter { !$0.isFinite }.count
            let width = max(record.shape[1], 1)
            throw StageError.runtime(
                "\(record.summary): \(count) of \(scalars.count) values are "
                    + "not finite as float32 (first: \(scalars[first]) in "
                    + "row \(first / width), column \(first % width))")
        }
        return (record, Tensor(shape: record.shape, scalars: scalars))
    }

    /// Refuses `input` unless its rows are as wide as the model's and its
    /// `input` attribute, when both have one, is the model's.
    static func checkFits(_ input: Record, _ model: Model,
                          modelName: String) throws {
        let width = model.network.inputWidth
        guard input.shape[1] == width else {
            throw StageError.runtime(
                "\(input.summary) has rows of \(input.shape[1]) values, "
                    + "but \(modelName) takes \(width)"
                    + (model.input.map { " (input=\($0))" } ?? ""))
        }
        if let given = input.attributes["input"], let wanted = model.input,
            given != wanted
        {
            throw StageError.runtime(
                "\(input.summary) has input=\(given), but \(modelName) "
                    + "takes input=\(wanted)")
        }
    }

    /// The class index of each row of the record `name`: one-hot rows
    /// `[N, K]` (the largest entry, which must be the only non-zero one)
    /// or indices `[N]`.
    static func labels(_ name: String, in records: [Record], rows: Int,
                       classes: Int?) throws -> (labels: [Int], classes: Int)
    {
        guard let record = records.named(name) else {
            throw missing(name, in: records)
        }
        guard record.rank == 1 || record.rank == 2, record.shape[0] == rows
        else {
            throw StageError.runtime(
                "\(record.summary) should be \(rows) labels: one-hot "
                    + "[\(rows), K] or class indices [\(rows)]")
        }
        let values = record.data.doubles
        var labels: [Int] = []
        labels.reserveCapacity(rows)
        let count: Int
        if record.rank == 2 {
            count = record.shape[1]
            // A width that does not match the network is the real fault,
            // not the rows it leaves without a 1.
            if let classes, classes != count {
                throw StageError.runtime(
                    "\(record.summary) has \(count) classes, but the network "
                        + "has \(classes)")
            }
            for r in 0..<rows {
                let row = values[(r * count)..<((r + 1) * count)]
                let hot = row.indices.filter { row[$0] != 0 }
                guard hot.count == 1, row[hot[0]] == 1 else {
                    throw StageError.runtime(
                        "\(record.summary): row \(r) is not one-hot "
                            + "(exactly one 1, the rest 0)")
                }
                labels.append(hot[0] - r * count)
            }
        } else {
            for (r, value) in values.enumerated() {
                guard value >= 0, value == value.rounded(),
                    value < Double(classes ?? Int(Int32.max))
                else {
                    throw StageError.runtime(
                        "\(record.summary): label \(value) of row \(r) is "
                            + "not a class index"
                            + (classes.map { " in 0..<\($0)" } ?? ""))
                }
                labels.append(Int(value))
            }
            // Indices are checked against `classes` above.
            count = classes ?? ((labels.max() ?? -1) + 1)
        }
        return (labels, count)
    }

    /// `data` and `labels` as a labelled set.
    static func labelledSet(data: String, labels: String,
                            in records: [Record], classes: Int? = nil)
        throws -> (set: LabelledSet, record: Record)
    {
        let (record, x) = try matrix(data, in: records)
        let (indices, count) = try ModelInputs.labels(
            labels, in: records, rows: x.shape[0], classes: classes)
        return (LabelledSet(x: x, labels: indices, classCount: count),
                record)
    }

    /// "no record 'x' in the input (records: a, b, c)".
    static func missing(_ name: String, in records: [Record]) -> StageError {
        let names = records.map(\.name)
        let shown = names.prefix(8).joined(separator: ", ")
            + (names.count > 8 ? ", ..." : "")
        return StageError.runtime(
            "no record '\(name)' in the input ("
                + (names.isEmpty ? "the stream is empty" : "records: \(shown)")
                + ")")
    }
}

extension ModelInputs {
    /// Writes `records` as a stream file at `path` (made or replaced).
    static func write(_ records: [Record], to path: String) throws {
        let bytes = try StreamWriter.encode(records)
        do {
            try FileBytes.store(bytes, to: path)
        } catch let error as FormatError {
            throw StageError.runtime(error.message)
        }
    }
}

/// Checks on what the OCR stages read from a stream: every number comes
/// from a user's file or an earlier stage and may be anything, so it is
/// checked before it sizes or indexes an array.

/// The most boxes a stage takes by default: a full page of small writing
/// holds a few thousand characters; each box costs resize 4 KiB of crop.
let defaultMaxBoxes = 20000

extension Record {
    /// The number in attribute `key`, nil when the record has none; a
    /// value that is not a finite number in `range` is an error naming
    /// the record, the attribute and the value.
    func number(_ key: String, in range: ClosedRange<Double>) throws
        -> Double?
    {
        guard let text = attributes[key] else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value)
        else {
            throw StageError.runtime(
                "\(summary): \(key)=\(text) is not a number in "
                    + "\(format2(range.lowerBound))..."
                    + "\(format2(range.upperBound))")
        }
        return value
    }

    /// The labels of a components record (int32 [H, W]) and the largest:
    /// each label lies in 0...H*W (a component holds a pixel at least)
    /// and, with a `count=` attribute, in 0...count.
    func componentLabels() throws -> (labels: [Int32], count: Int) {
        guard case .int32(let labels) = data, rank == 2 else {
            throw StageError.runtime(
                "\(summary): expected int32 [H, W] component labels")
        }
        let pixels = labels.count
        let declared = try number("count", in: 0...Double(pixels))
        if let declared, declared != declared.rounded() {
            throw StageError.runtime(
                "\(summary): count=\(attributes["count"]!) is not a whole "
                    + "number")
        }
        let limit = declared.map(Int.init) ?? pixels
        var (low, high) = (Int32.max, Int32.min)
        for label in labels {
            low = min(low, label)
            high = max(high, label)
        }
        if pixels > 0 && (low < 0 || Int(high) > limit) {
            let bad = low < 0 ? low : high
            let bound = declared == nil
                ? "the \(pixels) pixels" : "count=\(limit)"
            throw StageError.runtime(
                "\(summary) holds label \(bad): labels must lie in "
                    + "0...\(limit) (\(bound))")
        }
        return (labels, pixels > 0 ? Int(high) : 0)
    }
}

import Foundation

/// Describes each record of the stream on stderr and passes the stream on.
public struct Info: Stage {
    public static let name = "info"
    public static let summary =
        "print what a stream holds (name, role, dtype, shape, min/max/mean)"
    public static let help = """
        Writes a table to stderr with one row per record; text records show \
        their first characters. The stream passes on unchanged (dropped when \
        stdout is a terminal).
        """
    public static let parameters: [Parameter] = [
        Parameter(
            "digits", .int, default: "4", range: 1...17,
            help: "significant digits of min, max and mean"),
    ]
    public static let isSink = true

    let digits: Int

    public init(_ arguments: Arguments) throws {
        digits = arguments.int("digits")
    }

    public func run(_ records: [Record], context: StageContext) throws -> [Record] {
        for line in Info.table(records, digits: digits) { context.log(line) }
        return records
    }

    /// The table's lines, header first; numbers that are not whole show
    /// `digits` significant digits.
    public static func table(_ records: [Record], digits: Int) -> [String] {
        if records.isEmpty { return ["(empty stream)"] }
        var rows = [["name", "role", "dtype", "shape", "min", "max", "mean"]]
        for record in records {
            let shape = record.shape.isEmpty ? "scalar"
                : record.shape.map(String.init).joined(separator: "x")
            var row = [
                record.name, record.role ?? "-", record.dtype.name, shape,
            ]
            if let text = record.text, record.role == "text" {
                let flat = text.replacingOccurrences(of: "\n", with: "⏎")
                row.append("\"" + String(flat.prefix(40))
                    + (flat.count > 40 ? "…" : "") + "\"")
            } else {
                row += statistics(record.data).map {
                    format($0, digits: digits)
                }
            }
            rows.append(row)
        }
        // A row's last cell is not padded, so it does not widen its column
        // (a text record's quoted text sits in the min column).
        let widths = (0..<7).map { column in
            rows.map { column < $0.count - 1 ? $0[column].count : 0 }.max()!
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell
                    : cell.padding(toLength: widths[column], withPad: " ",
                                   startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    /// Minimum, maximum and mean, ignoring NaN; empty tensors give NaN.
    static func statistics(_ data: TensorData) -> [Double] {
        var low = Double.infinity
        var high = -Double.infinity
        var sum = 0.0
        var n = 0
        func visit<T: BinaryFloatingPoint>(_ values: [T]) {
            for v in values where !v.isNaN {
                let x = Double(v)
                low = min(low, x)
                high = max(high, x)
                sum += x
                n += 1
            }
        }
        func visit<T: BinaryInteger>(_ values: [T]) {
            for v in values {
                let x = Double(v)
                low = min(low, x)
                high = max(high, x)
                sum += x
            }
            n += values.count
        }
        switch data {
        case .float32(let v): visit(v)
        case .float64(let v): visit(v)
        case .uint8(let v): visit(v)
        case .uint16(let v): visit(v)
        case .int32(let v): visit(v)
        case .int64(let v): visit(v)
        }
        return n == 0 ? [.nan, .nan, .nan] : [low, high, sum / Double(n)]
    }

    static func format(_ x: Double, digits: Int) -> String {
        if x.isNaN { return "-" }
        if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
        return String(format: "%.\(digits)g", x)
    }
}

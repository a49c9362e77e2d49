import Foundation
import Pipeline
import XCTest

/// The numpy reader of docs/stream-format.md reads what nnpipe writes.
final class NumpyReaderTests: XCTestCase {
    let script = packageRoot.appendingPathComponent("scripts/read_stream.py")

    /// The reader as printed in the spec page's python block.
    func documentedReader() throws -> [Substring] {
        let page = try String(
            contentsOf: packageRoot.appendingPathComponent("docs/stream-format.md"),
            encoding: .utf8)
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "```python"),
            let end = lines[(start + 1)...].firstIndex(of: "```")
        else {
            XCTFail("docs/stream-format.md has no ```python block")
            return []
        }
        return Array(lines[(start + 1)..<end])
    }

    func testTheSpecPageAndTheScriptHoldTheSameShortReader() throws {
        let reader = try documentedReader()
        XCTAssertLessThanOrEqual(reader.count, 15, "the spec promises ≤ 15 lines")
        let text = try String(contentsOf: script, encoding: .utf8)
        let marked = text.components(separatedBy: "# --- reader (docs/stream-format.md) ---\n")
            .last?.components(separatedBy: "# --- end of reader ---").first
        XCTAssertEqual(
            marked, reader.joined(separator: "\n") + "\n",
            "scripts/read_stream.py and the spec page disagree")
    }

    /// A python3 that can import numpy, or a skip saying how to get one.
    func pythonWithNumpy() throws -> String {
        guard let python = findOnPath("python3") else {
            throw XCTSkip("python3 not found on PATH; install python3-numpy")
        }
        let check = try runProcess(
            URL(fileURLWithPath: python), ["-c", "import numpy"])
        guard check.status == 0 else {
            throw XCTSkip(
                "python3 cannot import numpy; install python3-numpy to "
                    + "check the reader")
        }
        return python
    }

    func testNumpyReadsEveryDTypeThatNnpipeWrites() throws {
        let python = try pythonWithNumpy()
        let records: [Record] = [
            Record(
                name: "f32", role: "image", attributes: ["source": "a=b", "k": ""],
                shape: [2, 3],
                data: .float32([-0.0, 1.5, .pi, .greatestFiniteMagnitude,
                                .leastNonzeroMagnitude, -.infinity])),
            Record(name: "f64", shape: [], data: .float64([-1e300])),
            Record(name: "u8 bytes", role: "text", shape: [4], data: .uint8([0, 1, 128, 255])),
            Record(name: "u16", shape: [1, 3], data: .uint16([0, 258, 65535])),
            Record(name: "i32", shape: [2, 2], data: .int32([.min, -1, 0, .max])),
            Record(name: "i64", shape: [2, 1, 2], data: .int64([.min, -1, 0, .max])),
            Record(name: "empty", shape: [0, 3], data: .float32([])),
        ]
        // The bytes come from the nnpipe binary (info passes the stream on).
        let written = try runNnpipe(["info"], stdin: StreamWriter.encode(records))
        XCTAssertEqual(written.status, 0, written.stderr)
        let file = try temporaryDirectory(for: self)
            .appendingPathComponent("every.nnpt")
        try Data(written.stdout).write(to: file)

        // One line per record, tab-separated (numpy writes uint8 as '|u1'):
        // name, role, attributes, dtype, shape, values;
        // floats as repr (exact), so they parse back to the same bits.
        let program = """
            import sys; sys.path.insert(0, sys.argv[1])
            from read_stream import read_stream
            for meta, a in read_stream(open(sys.argv[2], 'rb')):
                attributes = ';'.join(f'{k}={v}' for k, v in sorted(meta.items())
                                      if k not in ('name', 'role'))
                values = ' '.join(repr(x) for x in a.ravel().tolist())
                print('\\t'.join([meta['name'], meta.get('role', '-'), attributes,
                                a.dtype.str, ','.join(map(str, a.shape)), values]))
            """
        let result = try runProcess(
            URL(fileURLWithPath: python),
            ["-c", program, script.deletingLastPathComponent().path, file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast()
        XCTAssertEqual(lines.count, records.count, result.stdoutText)

        for (line, record) in zip(lines, records) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map(String.init)
            XCTAssertEqual(fields.count, 6, String(line))
            guard fields.count == 6 else { continue }
            XCTAssertEqual(fields[0], record.name)
            XCTAssertEqual(fields[1], record.role ?? "-")
            XCTAssertEqual(
                fields[2],
                record.attributes.keys.sorted()
                    .map { "\($0)=\(record.attributes[$0]!)" }
                    .joined(separator: ";"))
            XCTAssertEqual(fields[3], record.dtype.numpyCode, record.name)
            XCTAssertEqual(
                fields[4], record.shape.map(String.init).joined(separator: ","))
            let values = fields[5].split(separator: " ").map(String.init)
            XCTAssertEqual(
                parsed(values, as: record.dtype), payloadBytes(record),
                "\(record.name): \(values)")
        }
    }

    /// Python's printed values converted back to the record's raw bytes.
    func parsed(_ values: [String], as dtype: DType) -> [UInt8]? {
        func bytes<T>(_ convert: (String) -> T?) -> [UInt8]? {
            let converted = values.compactMap(convert)
            guard converted.count == values.count else { return nil }
            return converted.withUnsafeBytes { Array($0) }
        }
        switch dtype {
        case .float32: return bytes { Double($0).map(Float.init) }
        case .float64: return bytes { Double($0) }
        case .uint8: return bytes { UInt8($0) }
        case .uint16: return bytes { UInt16($0) }
        case .int32: return bytes { Int32($0) }
        case .int64: return bytes { Int64($0) }
        }
    }

    func payloadBytes(_ record: Record) -> [UInt8] {
        record.data.withUnsafeBytes { Array($0) }
    }
}

import XCTest

@testable import Pipeline

/// One record of every dtype, holding the values that expose byte-order,
/// sign and width mistakes: extremes, negative zero, infinities and NaN.
let everyDTypeRecords: [Record] = [
    Record(
        name: "f32", role: "image", attributes: ["source": "a=b c"],
        shape: [2, 5],
        data: .float32([
            0, -0.0, 1.5, -2.25, .pi, .greatestFiniteMagnitude,
            .leastNonzeroMagnitude, .infinity, -.infinity, .nan,
        ])),
    Record(
        name: "f64", shape: [3],
        data: .float64([-1e300, .leastNormalMagnitude, .nan])),
    Record(name: "u8", shape: [2, 2], data: .uint8([0, 1, 127, 255])),
    Record(name: "u16", shape: [3], data: .uint16([0, 258, 65535])),
    Record(
        name: "i32", shape: [1, 4],
        data: .int32([.min, -1, 0, .max])),
    Record(
        name: "i64", shape: [2, 1, 2],
        data: .int64([.min, -1, 0, .max])),
]

/// The bytes of a record's elements, so NaN compares equal to itself.
func payloadBytes(_ record: Record) -> [UInt8] {
    record.data.withUnsafeBytes { Array($0) }
}

/// Asserts two record lists agree in every field and bit of payload.
func assertSameRecords(
    _ actual: [Record], _ expected: [Record],
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, file: file, line: line)
    for (a, e) in zip(actual, expected) {
        XCTAssertEqual(a.name, e.name, file: file, line: line)
        XCTAssertEqual(a.role, e.role, file: file, line: line)
        XCTAssertEqual(a.attributes, e.attributes, file: file, line: line)
        XCTAssertEqual(a.shape, e.shape, file: file, line: line)
        XCTAssertEqual(a.dtype, e.dtype, file: file, line: line)
        XCTAssertEqual(
            payloadBytes(a), payloadBytes(e), "payload of \(e.name)",
            file: file, line: line)
    }
}

/// A record header written field by field, to build streams the writer
/// would refuse to make.
func rawHeader(
    magic: String = "NNPT", version: UInt8 = 1, dtype: UInt8 = 3,
    rank: UInt8? = nil, metadataLength: UInt32? = nil,
    dims: [UInt64], metadata: String = "name=x\n"
) -> [UInt8] {
    var bytes = Array(magic.utf8)
    bytes += [version, dtype, rank ?? UInt8(dims.count), 0]
    let text = Array(metadata.utf8)
    StreamFormat.appendLittleEndian(
        metadataLength ?? UInt32(text.count), to: &bytes)
    for dim in dims { StreamFormat.appendLittleEndian(dim, to: &bytes) }
    return bytes + text
}

/// The message of the StreamError that decoding `bytes` throws.
func decodeError(
    _ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line
) -> String {
    do {
        let records = try StreamReader.decode(bytes)
        XCTFail("decoded \(records.count) records", file: file, line: line)
        return ""
    } catch let error as StreamError {
        return error.description
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return ""
    }
}

import XCTest

@testable import Pipeline

final class StreamFormatTests: XCTestCase {
    func testHeaderLayoutMatchesTheSpecByteForByte() throws {
        // docs/stream-format.md, "Layout": magic, version, dtype, rank,
        // reserved, metadata length, dims, metadata, payload.
        let vector = Record(name: "x", shape: [2], data: .uint8([7, 9]))
        XCTAssertEqual(try StreamWriter.encode([vector]), [
            0x4E, 0x4E, 0x50, 0x54, 1, 3, 1, 0,  7, 0, 0, 0,
            2, 0, 0, 0, 0, 0, 0, 0,
        ] + Array("name=x\n".utf8) + [7, 9])

        let scalar = Record(
            name: "s", role: "r", attributes: ["k": "v", "a": "w"],
            shape: [], data: .float32([1]))
        XCTAssertEqual(try StreamWriter.encode([scalar]), [
            0x4E, 0x4E, 0x50, 0x54, 1, 1, 0, 0,  22, 0, 0, 0,
        ] + Array("name=s\nrole=r\na=w\nk=v\n".utf8) + [0, 0, 0x80, 0x3F])
    }

    func testDTypeCodesAreFixed() {
        XCTAssertEqual(
            DType.allCases.map { "\($0.name)=\($0.rawValue)/\($0.size)" },
            ["float32=1/4", "float64=2/8", "uint8=3/1", "int32=4/4",
             "int64=5/8", "uint16=6/2"])
    }

    func testEveryDTypeRoundTrips() throws {
        let bytes = try StreamWriter.encode(everyDTypeRecords)
        assertSameRecords(try StreamReader.decode(bytes), everyDTypeRecords)
    }

    func testRankZeroAndEmptyTensorsRoundTrip() throws {
        let records = [
            Record(name: "scalar", shape: [], data: .float64([2.5])),
            Record(name: "none", shape: [0], data: .int32([])),
            Record(name: "hollow", shape: [3, 0, 2], data: .float32([])),
            Record(name: "blank", text: ""),
            Record(
                name: "deep", shape: [1, 1, 1, 1, 1, 1, 1, 2],
                data: .uint16([1, 2])),
        ]
        let decoded = try StreamReader.decode(StreamWriter.encode(records))
        assertSameRecords(decoded, records)
        XCTAssertEqual(decoded.map(\.rank), [0, 1, 3, 1, 8])
    }

    func testRoleAndAttributesRoundTrip() throws {
        let record = Record(
            name: "photo=1 ünï", role: "image",
            attributes: ["source": "a=b=c", "empty": "", "cr": "x\r",
                         "model.layers-2_x": "1024,64"],
            shape: [1], data: .uint8([0]))
        let decoded = try StreamReader.decode(StreamWriter.encode([record]))
        XCTAssertEqual(decoded, [record])
    }

    func testConcatenatedStreamsAreOneStream() throws {
        // `cat a b` must be a valid stream holding a's records, then b's.
        let a = Array(everyDTypeRecords.prefix(2))
        let b = Array(everyDTypeRecords.suffix(3))
        let joined = try StreamWriter.encode(a) + StreamWriter.encode(b)
        assertSameRecords(try StreamReader.decode(joined), a + b)
    }

    func testCleanEndOfStream() throws {
        XCTAssertEqual(try StreamReader.decode([]), [])
        let one = Record(name: "t", text: "hi")
        var reader = StreamReader(MemorySource(try StreamWriter.encode([one])))
        XCTAssertEqual(try reader.next(), one)
        XCTAssertNil(try reader.next())
        XCTAssertNil(try reader.next(), "end of stream stays the end")
    }

    func testTruncationAtEveryByteIsAnErrorNeverACrash() throws {
        let records = [
            Record(
                name: "a", role: "r", attributes: ["k": "v"], shape: [2, 3],
                data: .float32([1, 2, 3, 4, 5, 6])),
            Record(name: "b", shape: [], data: .int64([-7])),
        ]
        let firstLength = try StreamWriter.encode([records[0]]).count
        let bytes = try StreamWriter.encode(records)
        for length in 0...bytes.count {
            let prefix = Array(bytes.prefix(length))
            if length == 0 || length == firstLength || length == bytes.count {
                XCTAssertNoThrow(try StreamReader.decode(prefix))
                continue
            }
            let message = decodeError(prefix)
            let record = length < firstLength ? "record 1" : "record 2"
            XCTAssertTrue(
                message.hasPrefix(record) && message.contains("stream ends"),
                "\(length) bytes: \(message)")
        }
    }

    func testTruncationMessagesNameThePart() throws {
        let bytes = try StreamWriter.encode([
            Record(name: "a", shape: [2], data: .float32([1, 2]))
        ])
        XCTAssertEqual(
            decodeError(Array(bytes.prefix(5))),
            "record 1: stream ends inside the header (5 of 12 bytes)")
        XCTAssertEqual(
            decodeError(Array(bytes.prefix(15))),
            "record 1: stream ends inside the dimensions (3 of 8 bytes)")
        XCTAssertEqual(
            decodeError(Array(bytes.prefix(22))),
            "record 1: stream ends inside the metadata (2 of 7 bytes)")
        XCTAssertEqual(
            decodeError(Array(bytes.dropLast())),
            "record 1 'a': stream ends inside the payload (expected 8 bytes "
                + "of float32 for shape [2])")
    }

    func testGarbledMagic() {
        XCTAssertEqual(
            decodeError(Array("\u{89}PNG\r\n\u{1A}\n12345678".utf8)),
            "record 1: not an nnpipe tensor stream (expected magic 'NNPT', "
                + "got '\\xc2\\x89PN')")
        XCTAssertEqual(
            decodeError(rawHeader(magic: "NNPX", dims: [])),
            "record 1: not an nnpipe tensor stream (expected magic 'NNPT', "
                + "got 'NNPX')")
    }

    func testGarbledVersionDTypeAndRank() {
        XCTAssertEqual(
            decodeError(rawHeader(version: 2, dims: [1])),
            "record 1: stream version 2 is not supported (this nnpipe reads "
                + "version 1)")
        XCTAssertEqual(
            decodeError(rawHeader(dtype: 0, dims: [1])),
            "record 1: unknown dtype code 0")
        XCTAssertEqual(
            decodeError(rawHeader(dtype: 7, dims: [1])),
            "record 1: unknown dtype code 7")
        XCTAssertEqual(
            decodeError(rawHeader(rank: 9, dims: [])),
            "record 1: rank 9 exceeds the limit of 8")
    }

    func testErrorsNameTheRecordNumber() throws {
        let good = try StreamWriter.encode([Record(name: "t", text: "ok")])
        XCTAssertEqual(
            decodeError(good + rawHeader(dtype: 9, dims: [])),
            "record 2: unknown dtype code 9")
    }

    func testMetadataLengthOverOneMiBIsRejectedBeforeReadingIt() {
        // The header claims 1 MiB + 1 of metadata and none follows: the
        // limit, not the truncation, must be reported.
        XCTAssertEqual(
            decodeError(rawHeader(
                metadataLength: (1 << 20) + 1, dims: [1], metadata: "")),
            "record 1: metadata of 1048577 bytes exceeds the limit of "
                + "1048576")
    }

    func testAbsurdShapesAreRejectedBeforeAllocation() {
        // No payload follows these headers: had the reader allocated and
        // read, it would report truncation instead of the limit.
        let limitText = "exceeds the limit of \(StreamFormat.maxPayloadBytes) "
            + "bytes per tensor (set NNPIPE_MAX_TENSOR_BYTES to raise it)"
        let cases: [(UInt8, [UInt64], String)] = [
            // 2^62 elements of 4 bytes: the byte count overflows Int.
            (1, [1 << 62], "[4611686018427387904] of float32"),
            // 2^32 * 2^32 elements: the element count overflows.
            (3, [1 << 32, 1 << 32], "[4294967296, 4294967296] of uint8"),
            // A dimension beyond Int.max.
            (3, [UInt64.max], "[18446744073709551615] of uint8"),
            // Representable, but one byte over the limit.
            (3, [UInt64(StreamFormat.maxPayloadBytes) + 1],
             "[\(StreamFormat.maxPayloadBytes + 1)] of uint8"),
            (2, [1 << 20, 1 << 20, 0, 1 << 30],
             "[1048576, 1048576, 0, 1073741824] of float64"),
        ]
        for (dtype, dims, shape) in cases {
            XCTAssertEqual(
                decodeError(rawHeader(dtype: dtype, dims: dims)),
                "record 1: declared shape \(shape) \(limitText)")
        }
    }

    func testAZeroDimensionDoesNotHideAnAbsurdOne() throws {
        // [0, 2^40] holds nothing, but a stage computing 2^40 * 4 bytes
        // per row would still be misled: the bound counts 0 as 1.
        XCTAssertTrue(
            decodeError(rawHeader(dtype: 1, dims: [0, 1 << 40]))
                .hasPrefix("record 1: declared shape [0, 1099511627776] of "
                    + "float32 exceeds the limit"))
        let records = try StreamReader.decode(
            rawHeader(dtype: 1, dims: [0, 1 << 20]))
        XCTAssertEqual(records.map(\.shape), [[0, 1 << 20]])
        XCTAssertEqual(records.map(\.count), [0])
    }

    func testPayloadLimitComesFromTheEnvironmentValue() throws {
        XCTAssertEqual(
            try StreamFormat.payloadLimit(environmentValue: nil), 8 << 30)
        XCTAssertEqual(
            try StreamFormat.payloadLimit(environmentValue: "100"), 100)
        for bad in ["0", "-1", "abc", "8GiB", ""] {
            XCTAssertThrowsError(
                try StreamFormat.payloadLimit(environmentValue: bad)
            ) { error in
                XCTAssertEqual(
                    "\(error)",
                    "NNPIPE_MAX_TENSOR_BYTES=\(bad) is not a positive number "
                        + "of bytes")
            }
        }
    }

    func testMetadataWithoutANameIsRejected() {
        for metadata in ["", "role=image\n", "name=\n", "\n\n"] {
            XCTAssertEqual(
                decodeError(rawHeader(dims: [0], metadata: metadata)),
                "record 1: record metadata has no name", metadata)
        }
    }

    func testMalformedMetadataLines() {
        XCTAssertEqual(
            decodeError(rawHeader(dims: [0], metadata: "name=a\nno equals\n")),
            "record 1: record metadata line 'no equals' has no '='")
        XCTAssertEqual(
            decodeError(rawHeader(dims: [0], metadata: "name=a\nk y=1\n")),
            "record 1: record metadata key 'k y' is not [A-Za-z0-9_.-]+")
        XCTAssertEqual(
            decodeError(rawHeader(dims: [0], metadata: "name=a\n=1\n")),
            "record 1: record metadata key '' is not [A-Za-z0-9_.-]+")
        var invalid = rawHeader(dims: [0], metadata: "name=a\u{e9}\n")
        invalid[invalid.count - 3] = 0xFF
        XCTAssertEqual(
            decodeError(invalid),
            "record 1: record metadata is not valid UTF-8")
    }

    func testMetadataLinesEndAtNewlineBytesOnly() throws {
        // A carriage return or U+2028 is part of a value, not a line end.
        let records = try StreamReader.decode(rawHeader(
            dims: [0], metadata: "name=a\r\nrole=b\u{2028}c\nk=v"))
        XCTAssertEqual(records[0].name, "a\r")
        XCTAssertEqual(records[0].role, "b\u{2028}c")
        XCTAssertEqual(records[0].attributes, ["k": "v"])
    }

    func testWriterRefusesMetadataTheFormatCannotCarry() {
        let cases: [(Record, String)] = [
            (Record(name: "a\nb", shape: [0], data: .uint8([])),
             "record 'a\\nb': name 'a\\nb' holds a newline, which the "
                + "stream format cannot carry"),
            (Record(name: "a", role: "x\ny", shape: [0], data: .uint8([])),
             "record 'a': role 'x\\ny' holds a newline, which the stream "
                + "format cannot carry"),
            (Record(
                name: "a", attributes: ["path": "/tmp/a\nb.jpg"], shape: [0],
                data: .uint8([])),
             "record 'a': path '/tmp/a\\nb.jpg' holds a newline, which the "
                + "stream format cannot carry"),
            (Record(name: "", shape: [0], data: .uint8([])),
             "a record must have a non-empty name"),
            (Record(
                name: "big", attributes: ["k": String(repeating: "x", count: 1 << 20)],
                shape: [0], data: .uint8([])),
             "record 'big': metadata of 1048588 bytes exceeds the limit of "
                + "1048576"),
        ]
        for (record, message) in cases {
            XCTAssertThrowsError(try StreamWriter.encode([record])) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
    }

    func testAttributeKeys() {
        for key in ["a", "Z9", "model.layers", "x-y_z"] {
            XCTAssertTrue(StreamFormat.isAttributeKey(key), key)
        }
        for key in ["", "name", "role", "a=b", "a b", "é", "a\n"] {
            XCTAssertFalse(StreamFormat.isAttributeKey(key), key)
        }
    }
}

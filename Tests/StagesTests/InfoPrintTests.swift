import XCTest

@testable import Stages

final class InfoPrintTests: XCTestCase {
    func testInfoTableShowsEveryRecord() {
        let records = [
            Record(
                name: "photo", role: "image", shape: [2, 3],
                data: .float32([0, 0.5, 1, .nan, 0.25, 1])),
            Record(name: "note", text: "line one\nline two"),
            Record(name: "n", shape: [], data: .int64([-3])),
            Record(name: "void", shape: [0, 4], data: .uint8([])),
        ]
        // min/max/mean ignore NaN: mean of 0, .5, 1, .25, 1 is 0.55.
        XCTAssertEqual(Info.table(records, digits: 4), [
            "name   role   dtype    shape   min  max  mean",
            "photo  image  float32  2x3     0    1    0.55",
            "note   text   uint8    17      \"line one⏎line two\"",
            "n      -      int64    scalar  -3   -3   -3",
            "void   -      uint8    0x4     -    -    -",
        ])
        XCTAssertEqual(Info.table([], digits: 4), ["(empty stream)"])
    }

    func testInfoDigits() throws {
        let records = [Record(name: "p", shape: [1], data: .float64([.pi]))]
        XCTAssertEqual(
            Info.table(records, digits: 3).last,
            "p     -     float64  1      3.14  3.14  3.14")
        XCTAssertEqual(
            try Info.make(words: ["digits=6"]).digits, 6)
        XCTAssertThrowsError(try Info.make(words: ["digits=0"])) { error in
            XCTAssertEqual("\(error)", "digits=0 is out of range 1...17")
        }
    }

    func testInfoPassesTheStreamOn() throws {
        let records = [Record(name: "t", text: "x")]
        var lines: [String] = []
        let context = StageContext(stageName: "info") { lines.append($0) }
        XCTAssertEqual(
            try Info.make(words: []).run(records, context: context), records)
        XCTAssertEqual(lines.count, 2)
    }

    func testPrintWritesTextRecordsAndConsumesTheStream() throws {
        let records = [
            Record(name: "a", text: "first"),
            Record(name: "n", shape: [1], data: .uint8([65])),
            Record(name: "b", text: "second\n"),
            Record(name: "c", text: ""),
        ]
        func printed(_ words: [String]) throws -> String {
            let context = StageContext.silent("print")
            let output = try Print.make(words: words).run(
                records, context: context)
            XCTAssertEqual(output, [], "print passes nothing on")
            let sink = context.standardOutput as! MemorySink
            return String(decoding: sink.bytes, as: UTF8.self)
        }
        XCTAssertEqual(try printed([]), "first\nsecond\n")
        XCTAssertEqual(try printed(["name=b"]), "second\n")
        XCTAssertEqual(try printed(["name=zz"]), "")
    }
}

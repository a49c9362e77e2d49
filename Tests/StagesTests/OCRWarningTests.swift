import XCTest

@testable import Stages

/// What the OCR stages say on stderr about input they read but cannot
/// read well: several photos in one stream, letters too small.
final class OCRWarningTests: XCTestCase {
    /// Runs one stage, returning its output and the lines it logged.
    func run<S: Stage>(_ type: S.Type, _ words: [String], _ records: [Record])
        throws -> (records: [Record], log: [String])
    {
        var log: [String] = []
        let output = try Pipeline([try S.make(words: words)]).run(records) {
            name in StageContext(stageName: name, messages: { log.append($0) })
        }
        return (output, log)
    }

    /// Dark bars `height` pixels tall on light paper.
    func bars(_ height: Int, name: String = "photo") -> Record {
        let (rows, columns) = (height * 4, 200)
        var samples: [Float] = []
        for y in 0..<rows {
            for x in 0..<columns {
                let bar = (height..<2 * height).contains(y)
                    && [20...25, 44...49, 110...115].contains { $0.contains(x) }
                samples.append(bar ? 0.1 : 0.9)
            }
        }
        return Record(name: name, role: "image", shape: [rows, columns],
                      data: .float32(samples))
    }

    func testBinarizeSaysWhichOfSeveralImagesItReads() throws {
        let (output, log) = try run(
            Binarize.self, [], [bars(40, name: "first"), bars(40, name: "second")])
        XCTAssertEqual(log.first, "the stream holds 2 images; binarize reads "
                       + "the last, second, and passes the others on unread "
                       + "(run one photo per pipeline)")
        XCTAssertNotNil(output.named("ink"))

        let (_, single) = try run(Binarize.self, [], [bars(40)])
        XCTAssertFalse(single.contains { $0.hasPrefix("the stream holds") })
    }

    func testBoxWarnsAboutLettersTooSmallToRead() throws {
        func boxLog(_ height: Int, _ words: [String] = []) throws -> [String] {
            var records = try run(Binarize.self, [], [bars(height)]).records
            records = try run(Label.self, [], records).records
            return try run(Box.self, words, records).log
        }
        let warning = { (lines: [String]) in
            lines.contains { $0.hasPrefix("warning: letters ") }
        }
        let small = try boxLog(10)
        XCTAssertTrue(warning(small), "\(small)")
        XCTAssertTrue(small.contains {
            $0.hasSuffix("are too small to read well (under small=16 px); "
                         + "photograph the writing larger")
        }, "\(small)")
        XCTAssertFalse(warning(try boxLog(40)))
        XCTAssertFalse(warning(try boxLog(10, ["small=0"])))
    }
}

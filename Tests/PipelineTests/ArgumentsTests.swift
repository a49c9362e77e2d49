import XCTest

@testable import Pipeline

final class ArgumentsTests: XCTestCase {
    let parameters = [
        Parameter("count", .int, default: "3", range: 1...10, help: ""),
        Parameter("rate", .double, default: "0.5", range: 0...1, help: ""),
        Parameter("verbose", .bool, default: "false", help: ""),
        Parameter("mode", .choice(["fast", "exact"]), default: "fast", help: ""),
        Parameter("layers", .intList, default: "64,36", range: 1...4096, help: ""),
        Parameter("out", .path, default: nil, help: ""),
        Parameter("title", .string, default: "", help: ""),
    ]

    func arguments(_ words: [String]) throws -> Arguments {
        try Arguments(stage: "demo", parameters: parameters, words: words)
    }

    /// The usage message that parsing `words` throws.
    func problem(
        _ words: [String], parameters: [Parameter]? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) -> String {
        do {
            _ = try Arguments(
                stage: "demo", parameters: parameters ?? self.parameters,
                words: words)
            XCTFail("\(words) parsed", file: file, line: line)
        } catch let error as StageError {
            XCTAssertEqual(error.kind, .usage, file: file, line: line)
            XCTAssertEqual(error.exitStatus, 64, file: file, line: line)
            return error.message
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return ""
    }

    func testDefaultsAndTypedValues() throws {
        let defaults = try arguments(["out=a.nnpt"])
        XCTAssertEqual(defaults.int("count"), 3)
        XCTAssertEqual(defaults.double("rate"), 0.5)
        XCTAssertEqual(defaults.bool("verbose"), false)
        XCTAssertEqual(defaults.string("mode"), "fast")
        XCTAssertEqual(defaults.intList("layers"), [64, 36])
        XCTAssertEqual(defaults.string("title"), "")
        XCTAssertEqual(defaults.given, ["out"])
        XCTAssertFalse(defaults.isSet("count"))

        let given = try arguments([
            "count=10", "rate=1e-1", "verbose=yes", "mode=exact",
            "layers=1024,64,36", "out=dir/b c.nnpt", "title=a=b",
        ])
        XCTAssertEqual(given.int("count"), 10)
        XCTAssertEqual(given.float("rate"), 0.1)
        XCTAssertEqual(given.bool("verbose"), true)
        XCTAssertEqual(given.string("mode"), "exact")
        XCTAssertEqual(given.intList("layers"), [1024, 64, 36])
        XCTAssertEqual(given.string("out"), "dir/b c.nnpt")
        XCTAssertEqual(given.string("title"), "a=b")
        XCTAssertTrue(given.isSet("count"))
    }

    func testBoolSpellings() throws {
        for (word, value) in [
            ("true", true), ("YES", true), ("1", true), ("on", true),
            ("false", false), ("No", false), ("0", false), ("off", false),
        ] {
            XCTAssertEqual(
                try arguments(["out=x", "verbose=\(word)"]).bool("verbose"),
                value, word)
        }
    }

    func testUnknownParameter() {
        XCTAssertEqual(
            problem(["out=x", "size=3"]),
            "unknown parameter 'size' (parameters: count, rate, verbose, "
                + "mode, layers, out, title)")
        XCTAssertEqual(
            problem(["size=3"], parameters: []),
            "unknown parameter 'size' (parameters: none)")
    }

    func testBadValues() {
        let cases: [(String, String)] = [
            ("count=x", "count=x is not an integer"),
            ("count=2.5", "count=2.5 is not an integer"),
            ("count=", "count= is not an integer"),
            ("rate=abc", "rate=abc is not a finite number"),
            ("rate=nan", "rate=nan is not a finite number"),
            ("rate=inf", "rate=inf is not a finite number"),
            ("verbose=maybe", "verbose=maybe is not true or false"),
            ("mode=slow", "mode=slow is not one of fast, exact"),
            ("mode=", "mode= is not one of fast, exact"),
            ("layers=64,,36",
             "layers=64,,36 is not a comma-separated list of integers"),
            ("layers=64,x",
             "layers=64,x is not a comma-separated list of integers"),
            ("layers=", "layers= is not a comma-separated list of integers"),
            ("out=", "out= needs a path"),
        ]
        for (word, message) in cases {
            XCTAssertEqual(problem(["out=x", word]), message, word)
        }
    }

    func testRanges() {
        XCTAssertEqual(
            problem(["out=x", "count=11"]), "count=11 is out of range 1...10")
        XCTAssertEqual(
            problem(["out=x", "count=0"]), "count=0 is out of range 1...10")
        XCTAssertEqual(
            problem(["out=x", "rate=1.5"]), "rate=1.5 is out of range 0...1")
        XCTAssertEqual(
            problem(["out=x", "rate=-0.01"]), "rate=-0.01 is out of range 0...1")
        XCTAssertEqual(
            problem(["out=x", "layers=64,0"]),
            "layers=64,0 is out of range 1...4096")
        XCTAssertNoThrow(try arguments(["out=x", "count=1", "rate=0"]))
        XCTAssertNoThrow(try arguments(["out=x", "count=10", "rate=1"]))
    }

    func testMissingRequiredParameter() {
        XCTAssertEqual(
            problem(["count=4"]), "missing required parameter out=<path>")
    }

    func testBareWordsWithoutAPositionalParameter() {
        XCTAssertEqual(
            problem(["out=x", "photo.jpg"]),
            "unexpected word 'photo.jpg': parameters are written key=value "
                + "(parameters: count, rate, verbose, mode, layers, out, "
                + "title)")
    }

    func testPositionalParameter() throws {
        let parameters = [
            Parameter("files", .path, default: nil, positional: true, help: ""),
            Parameter("scale", .double, default: "1", help: ""),
        ]
        func parse(_ words: [String]) throws -> Arguments {
            try Arguments(stage: "load", parameters: parameters, words: words)
        }
        let bare = try parse(["a.jpg", "scale=2", "dir/b=c.jpg", "./d=e"])
        XCTAssertEqual(bare.strings("files"), ["a.jpg", "dir/b=c.jpg", "./d=e"])
        XCTAssertEqual(bare.string("files"), "a.jpg")
        XCTAssertEqual(bare.double("scale"), 2)

        let keyed = try parse(["files=x.png"])
        XCTAssertEqual(keyed.strings("files"), ["x.png"])
        XCTAssertEqual(
            problem(["scale=2"], parameters: parameters),
            "missing required parameter files=<path>")
        // A word that looks like key=value is a parameter, not a file.
        XCTAssertEqual(
            problem(["b=c.jpg"], parameters: parameters),
            "unknown parameter 'b' (parameters: files, scale)")
        // Bare words may repeat; files= and bare words together, or
        // files= twice, may not.
        XCTAssertEqual(try parse(["a", "a"]).strings("files"), ["a", "a"])
        XCTAssertEqual(
            problem(["files=x.png", "y.png"], parameters: parameters),
            "files= and the bare word 'y.png' both give files; write one or "
                + "the other")
        XCTAssertEqual(
            problem(["files=x", "files=y"], parameters: parameters),
            "parameter files is given twice (files=x and files=y)")
    }

    func testRepeatedParameterIsAUsageError() {
        XCTAssertEqual(
            problem(["out=a", "count=2", "out=a"]),
            "parameter out is given twice (out=a and out=a)")
        XCTAssertEqual(
            problem(["out=a", "title=", "title=x"]),
            "parameter title is given twice (title= and title=x)")
    }
}

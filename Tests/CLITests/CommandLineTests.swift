import Pipeline
import XCTest

/// Runs the nnpipe binary and checks its exit status and exact messages.
final class CommandLineTests: XCTestCase {
    /// A small stream of two text records and a float tensor.
    let stream = try! StreamWriter.encode([
        Record(name: "first", text: "hello"),
        Record(name: "grid", role: "image", shape: [2, 2], data: .float32([0, 0.25, 0.5, 1])),
        Record(name: "second", text: "world\n"),
    ])

    func testHelpVersionAndStages() throws {
        let help = try runNnpipe(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdoutText.hasPrefix("usage: nnpipe STAGE"), help.stdoutText)
        XCTAssertEqual(help.stderr, "")

        let version = try runNnpipe(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(
            version.stdoutText.hasPrefix("nnpipe \(NNPipe.version) ("),
            version.stdoutText)

        let stages = try runNnpipe(["stages"])
        XCTAssertEqual(stages.status, 0)
        let names = stages.stdoutText.split(separator: "\n")
            .map { $0.split(separator: " ")[0] }
        XCTAssertTrue(names.contains("info") && names.contains("print"), "\(names)")

        let stageHelp = try runNnpipe(["info", "--help"])
        XCTAssertEqual(stageHelp.status, 0)
        XCTAssertTrue(stageHelp.stdoutText.contains(
            "digits=<integer> in 1...17  default: 4"), stageHelp.stdoutText)
    }

    func testNoArgumentsPrintsUsageToStderr() throws {
        let result = try runNnpipe([])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.stdout, [])
        XCTAssertTrue(result.stderr.hasPrefix("usage: nnpipe"), result.stderr)
    }

    func testUnknownStage() throws {
        try assertRun(
            ["binarise"], status: 64,
            stderr: "nnpipe: error: unknown stage or command 'binarise' (see "
                + "nnpipe stages)\n")
    }

    func testUnknownParameter() throws {
        try assertRun(
            ["print", "nmae=first"], status: 64,
            stderr: "nnpipe print: error: unknown parameter 'nmae' "
                + "(parameters: name)\n")
    }

    func testBadParameterValues() throws {
        try assertRun(
            ["info", "digits=many"], stdin: stream, status: 64,
            stderr: "nnpipe info: error: digits=many is not an integer\n")
        try assertRun(
            ["info", "digits=40"], stdin: stream, status: 64,
            stderr: "nnpipe info: error: digits=40 is out of range 1...17\n")
        try assertRun(
            ["info", "extra"], status: 64,
            stderr: "nnpipe info: error: unexpected word 'extra': parameters "
                + "are written key=value (parameters: digits)\n")
    }

    func testErrorsStayOnOneLine() throws {
        try assertRun(
            ["print", "two\nlines"], status: 64,
            stderr: "nnpipe print: error: unexpected word 'two\\nlines': "
                + "parameters are written key=value (parameters: name)\n")
        try assertRun(
            ["dir/a\nb.pipe"], status: 64,
            stderr: "nnpipe: error: no such pipeline file: dir/a\\nb.pipe\n")
    }

    func testMissingPipelineFile() throws {
        try assertRun(
            ["/nonexistent/ocr.pipe"], status: 64,
            stderr: "nnpipe: error: no such pipeline file: "
                + "/nonexistent/ocr.pipe\n")
    }

    func testMalformedPipelineFilesNameFileAndLine() throws {
        let directory = try temporaryDirectory(for: self)
        func pipe(_ name: String, _ text: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let quote = try pipe("quote.pipe", "# demo\ninfo\nprint name='first\n")
        try assertRun(
            [quote], stdin: stream, status: 64,
            stderr: "nnpipe: error: \(quote):3: unterminated quote\n")

        let stage = try pipe("stage.pipe", "info\n\nbinarise\n")
        try assertRun(
            [stage], stdin: stream, status: 64,
            stderr: "nnpipe: error: \(stage):3: unknown stage 'binarise' (see "
                + "nnpipe stages)\n")

        let value = try pipe("value.pipe", "param d=40\nprint\ninfo digits=$d\n")
        try assertRun(
            [value], stdin: stream, status: 64,
            stderr: "nnpipe info: error: \(value):3: digits=40 is out of "
                + "range 1...17\n")
        try assertRun(
            [value, "e=1"], stdin: stream, status: 64,
            stderr: "nnpipe: error: \(value) has no parameter 'e' "
                + "(parameters: d)\n")
        try assertRun(
            [value, "d"], stdin: stream, status: 64,
            stderr: "nnpipe: error: unexpected word 'd': a pipeline file "
                + "takes name=value parameters\n")

        let variable = try pipe("variable.pipe", "print name=$who\n")
        try assertRun(
            [variable], stdin: stream, status: 64,
            stderr: "nnpipe: error: \(variable):1: $who is not a declared "
                + "parameter (add 'param who=…')\n")
    }

    func testPipelineFileParametersAndHelp() throws {
        let url = try temporaryDirectory(for: self)
            .appendingPathComponent("show.pipe")
        try "param who=first\nparam extra\nprint name=$who\n"
            .write(to: url, atomically: true, encoding: .utf8)
        try assertRun(
            [url.path, "extra=1"], stdin: stream, status: 0, stderr: "",
            stdout: "hello\n")
        try assertRun(
            [url.path, "who=second", "extra="], stdin: stream, status: 0,
            stderr: "", stdout: "world\n")
        try assertRun(
            [url.path], stdin: stream, status: 64,
            stderr: "nnpipe: error: \(url.path) needs extra=… on the "
                + "command line\n")
        try assertRun(
            [url.path, "--help"], status: 0, stderr: "",
            stdout: "usage: nnpipe \(url.path) [name=value ...]\n\n"
                + "parameters:\n  who=first\n  extra=<required>\n")
    }

    func testInfoPassesTheStreamOnByteForByte() throws {
        let result = try runNnpipe(["info"], stdin: stream)
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, stream)
        XCTAssertEqual(result.stderr, """
            nnpipe info: name    role   dtype    shape  min  max  mean
            nnpipe info: first   text   uint8    5      "hello"
            nnpipe info: grid    image  float32  2x2    0    1    0.4375
            nnpipe info: second  text   uint8    6      "world⏎"

            """)
    }

    func testTruncatedStream() throws {
        try assertRun(
            ["info"], stdin: Array(stream.prefix(20)), status: 1,
            stderr: "nnpipe info: error: input stream: record 1: stream ends "
                + "inside the metadata (0 of 21 bytes)\n")
        try assertRun(
            ["print"], stdin: Array(stream.dropLast()), status: 1,
            stderr: "nnpipe print: error: input stream: record 3 'second': "
                + "stream ends inside the payload (expected 6 bytes of "
                + "uint8 for shape [6])\n")
    }

    func testGarbledStream() throws {
        try assertRun(
            ["info"], stdin: Array("P6\n640 480\n255\n".utf8), status: 1,
            stderr: "nnpipe info: error: input stream: record 1: not an "
                + "nnpipe tensor stream (expected magic 'NNPT', got "
                + "'P6\\x0a6')\n")
        var badType = stream
        badType[5] = 42
        try assertRun(
            ["info"], stdin: badType, status: 1,
            stderr: "nnpipe info: error: input stream: record 1: unknown "
                + "dtype code 42\n")
    }

    func testAbsurdHeader() throws {
        // float32 [2^62]: 2^64 bytes, and nothing follows the header.
        var header = Array("NNPT".utf8) + [1, 1, 1, 0, 7, 0, 0, 0]
        header += [0, 0, 0, 0, 0, 0, 0, 0x40] + Array("name=x\n".utf8)
        try assertRun(
            ["info"], stdin: header, status: 1,
            stderr: "nnpipe info: error: input stream: record 1: declared "
                + "shape [4611686018427387904] of float32 exceeds the limit "
                + "of 8589934592 bytes per tensor (set "
                + "NNPIPE_MAX_TENSOR_BYTES to raise it)\n")
    }

    func testTensorLimitFromTheEnvironment() throws {
        // The grid record holds 16 bytes of float32.
        try assertRun(
            ["print"], stdin: stream,
            environment: ["NNPIPE_MAX_TENSOR_BYTES": "15"], status: 1,
            stderr: "nnpipe print: error: input stream: record 2: declared "
                + "shape [2, 2] of float32 exceeds the limit of 15 bytes "
                + "per tensor (set NNPIPE_MAX_TENSOR_BYTES to raise it)\n")
        try assertRun(
            ["print"], stdin: stream,
            environment: ["NNPIPE_MAX_TENSOR_BYTES": "16"], status: 0,
            stderr: "", stdout: "hello\nworld\n")
        try assertRun(
            ["print"], stdin: stream,
            environment: ["NNPIPE_MAX_TENSOR_BYTES": "8G"], status: 64,
            stderr: "nnpipe: error: NNPIPE_MAX_TENSOR_BYTES=8G is not a "
                + "positive number of bytes\n")
    }

    func testEmptyInputIsAnEmptyStream() throws {
        try assertRun(
            ["info"], status: 0, stderr: "nnpipe info: (empty stream)\n")
        try assertRun(["print"], status: 0, stderr: "")
    }
}

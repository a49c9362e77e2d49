import Foundation
import Pipeline
import XCTest

/// Mistakes that used to pass unnoticed: each is now one line and a
/// nonzero exit status.
final class UsageErrorTests: XCTestCase {
    let text = try! StreamWriter.encode([
        Record(name: "first", text: "hello"),
        Record(name: "grid", role: "image", shape: [1, 1], data: .float32([0])),
    ])

    /// A pipeline file in a fresh folder.
    func pipelineFile(_ text: String, name: String = "t.pipe") throws -> URL {
        let url = try temporaryDirectory(for: self)
            .appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testRepeatedParameters() throws {
        try assertRun(
            ["binarize", "open=1", "open=2"], status: 64,
            stderr: "nnpipe binarize: error: parameter open is given twice "
                + "(open=1 and open=2)\n")
        let file = try pipelineFile("param image\nload $image\n")
        try assertRun(
            [file.path, "image=a", "image=b"], status: 64,
            stderr: "nnpipe: error: parameter image is given twice (image=a "
                + "and image=b)\n")
        try assertRun(
            ["bench", "ocr", "side=1", "side=2"], status: 64,
            stderr: "nnpipe bench: error: parameter side is given twice "
                + "(side=1 and side=2)\n")
        try assertRun(
            ["bench", "ocr", "image=a"], status: 64,
            stderr: "nnpipe bench: error: image= is set for each photo by "
                + "bench ocr; give the folder as images=\n")
        // Bare words of a positional parameter may repeat; mixing them
        // with path= may not.
        try assertRun(
            ["load", "/nothere/a.jpg", "/nothere/b.jpg"], status: 1,
            stderr: "nnpipe load: error: cannot open /nothere/a.jpg: No such "
                + "file or directory\n")
        try assertRun(
            ["load", "path=a.jpg", "b.jpg"], status: 64,
            stderr: "nnpipe load: error: path= and the bare word 'b.jpg' both "
                + "give path; write one or the other\n")
    }

    func testBadThreadCountsAreRefused() throws {
        for value in ["abc", "-1", "0", ""] {
            for words in [["print"], ["bench", "eigen", "size=2"]] {
                try assertRun(
                    words, stdin: text,
                    environment: ["NNPIPE_THREADS": value], status: 64,
                    stderr: "nnpipe: error: NNPIPE_THREADS=\(value) is not a "
                        + "positive number of threads\n")
            }
        }
        try assertRun(
            ["print"], stdin: text, environment: ["NNPIPE_THREADS": "3"],
            status: 0, stderr: "", stdout: "hello\n")
    }

    func testExtraWordsAfterCommands() throws {
        for command in ["--version", "-V", "stages", "--help", "help"] {
            try assertRun(
                [command, "x"], status: 64,
                stderr: "nnpipe: error: unexpected word 'x': \(command) takes "
                    + "no arguments\n")
        }
    }

    func testStageHelpTakesNoOtherWords() throws {
        for words in [["info", "--help", "x"], ["info", "x", "-h"]] {
            try assertRun(
                words, status: 64,
                stderr: "nnpipe info: error: unexpected word 'x' after --help\n")
        }
    }

    func testShellPipeInsideAPipelineFile() throws {
        let file = try pipelineFile("# t\ninfo | print\n")
        try assertRun(
            [file.path], stdin: text, status: 64,
            stderr: "nnpipe: error: \(file.path):2: '|' joins stages in a "
                + "shell; a pipeline file takes one stage per line\n")
    }

    func testBenchFilterThatMatchesNothing() throws {
        try assertRun(
            ["bench", "--help", "x"], status: 64,
            stderr: "nnpipe bench: error: unexpected word 'x' after --help\n")
        try assertRun(
            ["bench", "gemm", "only=xyz"], status: 64,
            stderr: "nnpipe bench: error: only=xyz matches no case (cases are "
                + "written like 'cube 1024x1024x1024 NN' or 'mlp X·W1 "
                + "32x64x1024 NN')\n")
    }

    func testTrailingBackslashAtTheEndOfAPipelineFile() throws {
        for ending in ["print \\", "print \\\n", "print \\\n  \n"] {
            let file = try pipelineFile("# t\n" + ending)
            try assertRun(
                [file.path], stdin: text, status: 64,
                stderr: "nnpipe: error: \(file.path):2: '\\' at the end of "
                    + "the file continues onto no line\n")
        }
        // Followed by a line, it still joins it.
        let joined = try pipelineFile("print \\\n  name=first\n")
        try assertRun([joined.path], stdin: text, status: 0, stderr: "",
                      stdout: "hello\n")
    }

    /// $dir is the pipeline file's folder, whatever the working directory;
    /// it cannot be declared or set.
    func testDirIsThePipelineFilesFolder() throws {
        let file = try pipelineFile(
            "param data=$dir/t.npy\nload $data\ninfo\n", name: "p.pipe")
        let folder = file.deletingLastPathComponent().path
        try NPYFile.write(
            NumericArray(shape: [2], values: .float32([1, 2])),
            to: folder + "/t.npy")
        let result = try runShell(
            "cd \"$1\"/.. && \"$NNPIPE\" \"$2\"/p.pipe",
            [folder, file.deletingLastPathComponent().lastPathComponent])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("nnpipe info: t "), result.stderr)

        try assertRun(
            [file.path, "dir=/tmp"], status: 64,
            stderr: "nnpipe: error: dir= is built in (the folder of "
                + "\(file.path)) and cannot be set\n")
        let declares = try pipelineFile("param dir=x\nprint\n")
        try assertRun(
            [declares.path], status: 64,
            stderr: "nnpipe: error: \(declares.path):1: parameter 'dir' is "
                + "built in (the pipeline file's folder) and cannot be "
                + "declared\n")
    }

    /// The OCR pipeline finds its model from any working directory.
    func testOCRPipelineFindsItsModelFromAnotherDirectory() throws {
        let pipe = packageRoot.appendingPathComponent("pipelines/ocr.pipe")
        let help = try runShell("cd / && \"$NNPIPE\" \"$1\" --help",
                                [pipe.path])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdoutText.contains(
            "  model=\(packageRoot.path)/pipelines/../data/nist36-mlp.nnpt\n"),
            help.stdoutText)
        let model = packageRoot.path + "/pipelines/../data/nist36-mlp.nnpt"
        XCTAssertTrue(FileManager.default.isReadableFile(atPath: model))
    }

    func testPlotOutMustMatchWhatTheKindWrites() throws {
        for kind in ["grid", "confusion", "classimages"] {
            try assertRun(
                ["plot", "kind=\(kind)", "input=x", "out=g.svg"], status: 64,
                stderr: "nnpipe plot: error: out=g.svg: kind=\(kind) writes a "
                    + "PNG image; end the name in .png\n")
        }
        try assertRun(
            ["plot", "kind=curves", "input=x", "out=c.png"], status: 64,
            stderr: "nnpipe plot: error: out=c.png: kind=curves writes "
                + "OUT-accuracy.svg and OUT-loss.svg; give a stem, or a name "
                + "ending in .svg\n")
    }

    func testPrintOfAMissingName() throws {
        try assertRun(
            ["print", "name=nothere"], stdin: text, status: 1,
            stderr: "nnpipe print: error: expected a tensor 'nothere', role "
                + "text, any rank in the input, but the stream holds: first "
                + "[5] uint8 (text); grid [1, 1] float32 (image)\n")
        try assertRun(
            ["print", "name=grid"], stdin: text, status: 1,
            stderr: "nnpipe print: error: expected a tensor 'grid', role "
                + "text, any rank in the input, but the stream holds: first "
                + "[5] uint8 (text); grid [1, 1] float32 (image)\n")
        // A stream without text stays silent (OCR of a photo without ink).
        let images = try StreamWriter.encode(
            [Record(name: "grid", role: "image", shape: [1],
                    data: .float32([0]))])
        try assertRun(["print"], stdin: images, status: 0, stderr: "")
        try assertRun(["print", "name=first"], stdin: text, status: 0,
                      stderr: "", stdout: "hello\n")
    }

    /// A file in the way of an output folder reads the same from save,
    /// plot and train.
    func testAFileInTheWayOfAnOutputFolder() throws {
        let directory = try temporaryDirectory(for: self)
        let file = directory.appendingPathComponent("plain").path
        try FileBytes.store([1], to: file)
        let image = try StreamWriter.encode([
            Record(name: "w", shape: [4, 2], data: .float32(
                [0, 1, 2, 3, 4, 5, 6, 7])),
        ])
        for (words, target) in [
            (["save", "\(file)/x.npy"], "\(file)/x.npy"),
            (["plot", "kind=grid", "input=w", "tile=2,2",
              "out=\(file)/g.png"], "\(file)/g.png"),
        ] {
            try assertRun(
                words, stdin: image, status: 1,
                stderr: "nnpipe \(words[0]): error: cannot create \(target): "
                    + "\(file) is a file, not a folder\n")
        }
    }

    /// The IDX size limit names the knob that sets it.
    func testIDXLimitNamesTheVariable() throws {
        let directory = try temporaryDirectory(for: self)
        let path = directory.appendingPathComponent("big.idx").path
        // An IDX file of uint8 [100, 100]: magic, rank 2, dimensions.
        try FileBytes.store([0, 0, 0x08, 2, 0, 0, 0, 100, 0, 0, 0, 100]
                            + [UInt8](repeating: 0, count: 10_000), to: path)
        try assertRun(
            ["load", path], environment: ["NNPIPE_MAX_TENSOR_BYTES": "1000"],
            status: 1,
            stderr: "nnpipe load: error: \(path): the IDX dimensions "
                + "[100, 100] of uint8 exceed the limit of 1000 bytes per "
                + "tensor (set NNPIPE_MAX_TENSOR_BYTES to raise it)\n")
    }
}

import Foundation
import Pipeline
import XCTest

/// The network stages through the binary: exit status and exact messages.
final class NNCommandTests: XCTestCase {
    let shippedModel = packageRoot.appendingPathComponent(
        "data/nist36-mlp.nnpt").path

    func crops(width: Int, input: String = "32x32 column-major, paper 1 ink 0")
        throws -> [UInt8]
    {
        try StreamWriter.encode([
            Record(name: "crops", role: "batch", attributes: ["input": input],
                   shape: [2, width],
                   data: .float32(.init(repeating: 1, count: 2 * width))),
        ])
    }

    func testClassifyWithTheShippedModel() throws {
        let result = try runNnpipe(["classify", "model=\(shippedModel)"],
                                   stdin: try crops(width: 1024))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let records = try StreamReader.decode(result.stdout)
        XCTAssertEqual(records.map(\.name), ["crops", "probabilities"])
        XCTAssertEqual(records[1].shape, [2, 36])
        XCTAssertEqual(records[1].attributes["classes"],
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    }

    func testClassifyRefusesWrongShapesInOneLine() throws {
        let wide = try runNnpipe(["classify", "model=\(shippedModel)"],
                                 stdin: try crops(width: 784))
        XCTAssertEqual(wide.status, 1)
        XCTAssertEqual(wide.stderr, "nnpipe classify: error: crops [2, 784] "
            + "float32 (batch) has rows of 784 values, but model "
            + "\(shippedModel) takes 1024 (input=32x32 column-major, paper 1 "
            + "ink 0)\n")
        XCTAssertEqual(wide.stdout, [])

        let layout = try runNnpipe(
            ["classify", "model=\(shippedModel)"],
            stdin: try crops(width: 1024, input: "32x32 row-major"))
        XCTAssertEqual(layout.status, 1)
        XCTAssertEqual(layout.stderr, "nnpipe classify: error: crops [2, 1024] "
            + "float32 (batch) has input=32x32 row-major, but model "
            + "\(shippedModel) takes input=32x32 column-major, paper 1 ink 0\n")

        // A model file that is not a model: one line naming it.
        let directory = try temporaryDirectory(for: self)
        let notModel = directory.appendingPathComponent("crops.nnpt")
        try Data(try crops(width: 1024)).write(to: notModel)
        let wrong = try runNnpipe(["classify", "model=\(notModel.path)"],
                                  stdin: try crops(width: 1024))
        XCTAssertEqual(wrong.status, 1)
        XCTAssertEqual(wrong.stderr, "nnpipe classify: error: model file "
            + "\(notModel.path): no model: the stream has no record "
            + "'layer0.weight' with role weights\n")

        // A model whose second layer does not fit its widths attribute.
        var records = try StreamReader.decode(
            Array(try Data(contentsOf: URL(fileURLWithPath: shippedModel))))
        let index = try XCTUnwrap(
            records.firstIndex { $0.name == "layer1.weight" })
        records[index].shape = [36, 64]
        let misshapen = directory.appendingPathComponent("misshapen.nnpt")
        try Data(try StreamWriter.encode(records)).write(to: misshapen)
        let shape = try runNnpipe(["classify", "model=\(misshapen.path)"],
                                  stdin: try crops(width: 1024))
        XCTAssertEqual(shape.status, 1)
        XCTAssertEqual(shape.stderr, "nnpipe classify: error: model file "
            + "\(misshapen.path): layer1.weight [36, 64] float32 (weights) "
            + "should be float32 [64, 36] for widths=1024,64,36\n")

        let missing = try runNnpipe(["classify", "model=/nonexistent.nnpt"],
                                    stdin: try crops(width: 1024))
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "nnpipe classify: error: cannot open "
            + "/nonexistent.nnpt: No such file or directory\n")

        // Non-finite weights: refused, naming the file, record and value.
        let weight = try XCTUnwrap(
            records.firstIndex { $0.name == "layer0.weight" })
        records[index].shape = [64, 36]
        var values = records[weight].data.floats
        values[5] = .nan
        values[9] = .infinity
        records[weight].data = .float32(values)
        let nan = directory.appendingPathComponent("nan.nnpt")
        try Data(try StreamWriter.encode(records)).write(to: nan)
        for (stage, words) in [("classify", []), ("inspect", ["data=crops"]),
                               ("evaluate", ["data=crops", "labels=crops"])] {
            let result = try runNnpipe(
                [stage, "model=\(nan.path)"] + words,
                stdin: try crops(width: 1024))
            XCTAssertEqual(result.status, 1, stage)
            XCTAssertEqual(result.stderr, "nnpipe \(stage): error: model file "
                + "\(nan.path): layer0.weight [1024, 64] float32 (weights): 2 "
                + "of 65536 values are not finite (first: nan at index 5)\n")
        }
    }

    /// model= is checked when the stage is built: a pipeline file fails
    /// before its first stage (here a load of a missing file) runs.
    func testMissingModelFailsBeforeThePipelineRuns() throws {
        let directory = try temporaryDirectory(for: self)
        let pipe = directory.appendingPathComponent("p.pipe")
        try "load nothere.png\nclassify model=$dir/none.nnpt\n"
            .write(to: pipe, atomically: true, encoding: .utf8)
        let result = try runNnpipe([pipe.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "nnpipe classify: error: \(pipe.path):2: "
            + "cannot open \(directory.path)/none.nnpt: No such file or "
            + "directory\n")
        let folder = try runNnpipe(["evaluate", "model=\(directory.path)"])
        XCTAssertEqual(folder.status, 1)
        XCTAssertEqual(folder.stderr, "nnpipe evaluate: error: "
            + "\(directory.path): is a directory, not a file\n")
    }

    /// Training that diverges stops at the first epoch whose loss is not
    /// finite, instead of writing a model of NaNs.
    func testDivergingTrainingStops() throws {
        let stream = try StreamWriter.encode([
            Record(name: "x", shape: [8, 8], data: .float32(
                (0..<64).map { Float($0 % 5) * 1e37 })),
            Record(name: "y", shape: [8], data: .int32(
                (0..<8).map { Int32($0 % 2) })),
        ])
        let result = try runNnpipe(
            ["train", "data=x", "labels=y", "valid=", "layers=8,4,2",
             "activation=relu", "rate=1000", "epochs=20"], stdin: stream)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix(
            "\nnnpipe train: error: epoch 2: the training loss is -nan: the "
                + "weights diverged; try a smaller rate= (now 1000)\n"),
            result.stderr)
        XCTAssertEqual(result.stdout, [])
    }

    /// Data rows with NaN or inf are refused by every network stage.
    func testNonFiniteDataIsRefused() throws {
        var values = [Float](repeating: 1, count: 2 * 1024)
        values[1024 + 3] = -.infinity
        let stream = try StreamWriter.encode([
            Record(name: "crops", shape: [2, 1024], data: .float32(values)),
            Record(name: "labels", shape: [2], data: .int32([0, 1])),
        ])
        let message = "crops [2, 1024] float32: 1 of 2048 values are not "
            + "finite as float32 (first: -inf in row 1, column 3)\n"
        for words in [["classify", "model=\(shippedModel)"],
                      ["evaluate", "model=\(shippedModel)", "data=crops",
                       "labels=labels"],
                      ["train", "data=crops", "labels=labels", "valid=",
                       "layers=1024,4,36", "epochs=1"]] {
            let result = try runNnpipe(words, stdin: stream)
            XCTAssertEqual(result.status, 1, "\(words)")
            XCTAssertEqual(result.stderr,
                           "nnpipe \(words[0]): error: " + message)
        }
    }

    /// The shipped model's figures (docs/models.md), from the binary.
    func testShippedModelTestAccuracy() throws {
        let test = try sharedDataFile("nist36/nist36_test.mat")
        let result = try runShell(
            "$NNPIPE load \"$1\" | $NNPIPE evaluate model=\"$2\" pairs=1 "
                + "| $NNPIPE print name=evaluation",
            [test.path, shippedModel])
        XCTAssertEqual(result.status, 0, result.stderr)
        // nnpipe pipelines/train-nist36.pipe prints the same line.
        XCTAssertEqual(result.stdoutText,
                       "test_data: accuracy 77.5% (1395 of 1800), loss 0.7005\n"
                           + "confused: O and 0: 28 (O as 0: 15, 0 as O: 13)\n")
    }
}

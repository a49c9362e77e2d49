import Foundation
import XCTest
@testable import Stages

/// train, evaluate, inspect, gradcheck and classify as stages.
final class NNStageTests: XCTestCase {
    static let layout = "32x32 column-major, paper 1 ink 0"

    func make<S: Stage>(_ type: S.Type, _ words: String) throws -> S {
        try S.make(words: words.split(separator: " ").map(String.init))
    }

    /// Runs the stages through `Pipeline` (so inputs are checked),
    /// collecting what they log.
    func run(_ stages: [any Stage], _ records: [Record]) throws
        -> (records: [Record], log: [String])
    {
        var log: [String] = []
        let output = try Pipeline(stages).run(records) { name in
            StageContext(stageName: name, standardOutput: MemorySink()) {
                log.append("\(name): \($0)")
            }
        }
        return (output, log)
    }

    /// Rows of `width` values in clusters, one-hot labels for `classes`.
    func labelled(_ name: String, rows: Int, width: Int, classes: Int,
                  seed: UInt64) -> [Record] {
        var g = SeededGenerator(seed: seed)
        var centres = SeededGenerator(seed: 99)
        let centre = (0..<(classes * width)).map { _ in
            Double(centres.nextFloat())
        }
        var data: [Double] = []
        var labels = [UInt8](repeating: 0, count: rows * classes)
        for r in 0..<rows {
            let k = r % classes
            labels[r * classes + k] = 1
            for c in 0..<width {
                data.append(centre[k * width + c]
                            + 0.2 * Double(g.nextFloat()))
            }
        }
        return [
            Record(name: name + "_data", shape: [rows, width],
                   data: .float64(data)),
            Record(name: name + "_labels", shape: [rows, classes],
                   data: .uint8(labels)),
        ]
    }

    func model(widths: [Int], input: String? = layout) -> [Record] {
        var g = SeededGenerator(seed: 2)
        let mlp = MLP(widths: widths, activation: .sigmoid, using: &g)
        return Model.records(mlp, classes: Model.defaultClasses(widths.last!),
                             input: input)
    }

    func crops(_ rows: Int, width: Int = 1024,
               input: String? = layout) -> Record {
        Record(name: "crops", role: "batch",
               attributes: input.map { ["input": $0] } ?? [:],
               shape: [rows, width],
               data: .float32(.init(repeating: 0.5, count: rows * width)))
    }

    func modelFile(_ records: [Record]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("nnpipe-model-\(UUID()).nnpt").path
        try StreamWriter.encode(records).withUnsafeBytes {
            _ = FileManager.default.createFile(atPath: path,
                                               contents: Data($0))
        }
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    // MARK: classify

    func testClassifyCropsWithAModelFile() throws {
        let path = try modelFile(model(widths: [1024, 8, 36]))
        let stage = try make(Classify.self, "model=\(path)")
        let input = [crops(3), Record(name: "boxes", role: "boxes",
                                      shape: [3, 4],
                                      data: .int32(.init(repeating: 1,
                                                         count: 12)))]
        let output = try run([stage], input).records
        XCTAssertEqual(Array(output.prefix(2)), input)
        let p = try XCTUnwrap(output.named("probabilities"))
        XCTAssertEqual(p.role, "probabilities")
        XCTAssertEqual(p.shape, [3, 36])
        XCTAssertEqual(p.dtype, .float32)
        XCTAssertEqual(p.attributes["classes"],
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let values = p.data.floats
        for r in 0..<3 {
            XCTAssertEqual(values[(r * 36)..<((r + 1) * 36)].reduce(0, +), 1,
                           accuracy: 1e-5)
        }
    }

    func testClassifyNoCropsAndAnyMatrixFromTheStream() throws {
        let stage = try make(Classify.self, "")
        let empty = try run([stage], model(widths: [1024, 8, 36])
                            + [crops(0)]).records
        XCTAssertEqual(empty.named("probabilities")?.shape, [0, 36])

        // Any [N, D] matrix, float64, without an input attribute.
        let data = labelled("valid", rows: 4, width: 10, classes: 3, seed: 1)
        let output = try run(
            [try make(Classify.self, "input=valid_data")],
            model(widths: [10, 5, 3], input: nil) + data).records
        XCTAssertEqual(output.named("probabilities")?.shape, [4, 3])
        XCTAssertEqual(output.named("probabilities")?.attributes["classes"],
                       "0,1,2")
    }

    func testClassifyRefusesAnInputThatDoesNotFitTheModel() throws {
        let path = try modelFile(model(widths: [1024, 8, 36]))
        let stage = try make(Classify.self, "model=\(path)")
        XCTAssertThrowsError(try run([stage], [crops(2, width: 784)])) {
            XCTAssertEqual("\($0)", "nnpipe classify: error: crops [2, 784] "
                + "float32 (batch) has rows of 784 values, but model \(path) "
                + "takes 1024 (input=\(NNStageTests.layout))")
        }
        XCTAssertThrowsError(try run(
            [stage], [crops(2, input: "32x32 row-major, paper 1 ink 0")])) {
            XCTAssertEqual("\($0)", "nnpipe classify: error: crops [2, 1024] "
                + "float32 (batch) has input=32x32 row-major, paper 1 ink 0, "
                + "but model \(path) takes input=\(NNStageTests.layout)")
        }
        XCTAssertThrowsError(try run([try make(Classify.self, "")],
                                     [crops(1)])) {
            XCTAssertEqual("\($0)", "nnpipe classify: error: no model: the "
                + "stream has no record 'layer0.weight' with role weights")
        }
        XCTAssertThrowsError(try run([stage], [])) {
            XCTAssertTrue("\($0)".contains("'crops'"), "\($0)")
        }
    }

    // MARK: train, evaluate, inspect

    func testTrainEvaluateInspectOnSyntheticData() throws {
        let records = labelled("train", rows: 120, width: 16, classes: 3,
                               seed: 1)
            + labelled("valid", rows: 30, width: 16, classes: 3, seed: 2)
        let save = FileManager.default.temporaryDirectory
            .appendingPathComponent("nnpipe-train-\(UUID()).nnpt").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: save) }
        let train = try Train.make(words: [
            "layers=16,8,3", "epochs=20", "rate=0.5", "momentum=0.5",
            "classes=abc",
            "input=4x4 row-major", "prefix=p/", "save=\(save)",
        ])
        let evaluate = try make(Evaluate.self,
            "data=valid_data labels=valid_labels prefix=p/ pairs=2")
        let inspect = try make(Inspect.self,
            "data=valid_data show=ca prefix=p/")
        let (output, log) = try run([train, evaluate, inspect], records)

        XCTAssertEqual(log.filter { $0.hasPrefix("train: epoch") }.count, 20)
        XCTAssertTrue(log[0].hasPrefix("train: epoch 1/20  loss "), log[0])
        let history = try XCTUnwrap(output.named("p/history"))
        XCTAssertEqual(history.shape, [20, 5])
        XCTAssertEqual(history.attributes["columns"],
                       "epoch,train_loss,train_accuracy,valid_loss,"
                           + "valid_accuracy")
        XCTAssertEqual(history.data.doubles.last, 1, "valid accuracy")
        for name in ["p/layer0.weight", "p/init.layer0.weight",
                     "p/layer1.bias", "p/init.layer1.bias"] {
            XCTAssertEqual(output.named(name)?.role, "weights", name)
        }
        XCTAssertNotEqual(output.named("p/layer0.weight"),
                          output.named("p/init.layer0.weight"))

        let confusion = try XCTUnwrap(output.named("p/confusion"))
        XCTAssertEqual(confusion.shape, [3, 3])
        XCTAssertEqual(confusion.dtype, .int32)
        XCTAssertEqual(confusion.attributes["classes"], "abc")
        XCTAssertEqual(confusion.data.doubles, [10, 0, 0, 0, 10, 0, 0, 0, 10])
        XCTAssertEqual(output.named("p/evaluation")?.text,
                       "valid_data: accuracy 100.0% (30 of 30), loss "
                           + (log.first { $0.hasPrefix("evaluate:") }!
                               .split(separator: " ").last!) + "\n")

        XCTAssertEqual(output.named("p/filters")?.shape, [8, 4, 4])
        XCTAssertEqual(output.named("p/init.filters")?.shape, [8, 4, 4])
        XCTAssertEqual(output.named("p/templates")?.shape, [2, 4, 4])
        XCTAssertEqual(output.named("p/templates")?.attributes["classes"],
                       "ca")
        // Exemplars are rows of valid_data (row-major 4x4 = the row).
        let exemplars = try XCTUnwrap(output.named("p/exemplars")).data.floats
        let valid = records[2].data.floats
        let c = Array(exemplars[0..<16])
        XCTAssertTrue((0..<30).contains {
            Array(valid[($0 * 16)..<(($0 + 1) * 16)]) == c && $0 % 3 == 2
        }, "the exemplar of c is a row of class c")

        // The saved file holds the model and the history, not init.
        let file = try StreamReader.decode(
            Array(try Data(contentsOf: URL(fileURLWithPath: save))))
        XCTAssertEqual(file.map(\.name), [
            "p/layer0.weight", "p/layer0.bias", "p/layer1.weight",
            "p/layer1.bias", "p/history",
        ])
        XCTAssertEqual(try Model(records: file, prefix: "p/").network as? MLP,
                       try Model(records: output, prefix: "p/").network
                           as? MLP)
    }

    func testTrainIsReproducibleBySeed() throws {
        let records = labelled("train", rows: 60, width: 8, classes: 2,
                               seed: 3)
        func weights(_ seed: Int) throws -> Record? {
            let stage = try make(Train.self,
                "layers=8,4,2 epochs=2 momentum=0.9 valid= seed=\(seed)")
            return try run([stage], records).records.named("layer0.weight")
        }
        XCTAssertEqual(try weights(4), try weights(4))
        XCTAssertNotEqual(try weights(4), try weights(5))
    }

    func testTrainRefusesDataThatDoesNotFit() throws {
        let records = labelled("train", rows: 10, width: 8, classes: 2,
                               seed: 3)
        XCTAssertThrowsError(try run(
            [try make(Train.self, "layers=9,4,2 valid=")], records)) {
            XCTAssertEqual("\($0)", "nnpipe train: error: train_data [10, 8] "
                + "float64 has rows of 8 values, but layers= starts with 9")
        }
        XCTAssertThrowsError(try run(
            [try make(Train.self, "layers=8,4,3 valid=")], records)) {
            XCTAssertEqual("\($0)", "nnpipe train: error: train_labels "
                + "[10, 2] uint8 has 2 classes, but the network has 3")
        }
        // One-hot rows cut one class short (a row of the lost class is all
        // zeros): the width is the fault, not the row.
        var short = records
        short[1] = Record(name: "train_labels", shape: [10, 2],
                          data: .uint8([0, 0] + .init(repeating: 1, count: 18)
                                        .enumerated().map { $0.0 % 2 == 0
                                            ? 1 : 0 }))
        XCTAssertThrowsError(try run(
            [try make(Train.self, "layers=8,4,3 valid=")], short)) {
            XCTAssertEqual("\($0)", "nnpipe train: error: train_labels "
                + "[10, 2] uint8 has 2 classes, but the network has 3")
        }
        XCTAssertThrowsError(try make(Train.self, "epochs=0")) {
            XCTAssertTrue("\($0)".contains("epochs=0 is out of range 1..."),
                          "\($0)")
        }
        var bad = records
        bad[1] = Record(name: "train_labels", shape: [10, 2],
                        data: .uint8(.init(repeating: 1, count: 20)))
        XCTAssertThrowsError(try run(
            [try make(Train.self, "layers=8,4,2 valid=")], bad)) {
            XCTAssertEqual("\($0)", "nnpipe train: error: train_labels "
                + "[10, 2] uint8: row 0 is not one-hot (exactly one 1, the "
                + "rest 0)")
        }
        XCTAssertThrowsError(try make(Train.self, "layers=8")) {
            XCTAssertEqual("\($0)", "layers=8 needs at least an input width "
                + "and a class count")
        }
        XCTAssertThrowsError(try make(Train.self, "keep=best valid=")) {
            XCTAssertEqual("\($0)", "keep=best picks the epoch with the best "
                + "validation accuracy, but valid= is empty")
        }
        XCTAssertThrowsError(try make(Train.self, "layers=8,2 classes=abc")) {
            XCTAssertEqual("\($0)", "classes=abc names 3 classes, but "
                + "layers= ends in 2")
        }
    }

    func testEvaluateAndInspectRefuseWhatDoesNotFit() throws {
        let data = labelled("test", rows: 6, width: 10, classes: 3, seed: 1)
        let stream = model(widths: [12, 4, 3], input: nil) + data
        XCTAssertThrowsError(try run([try make(Evaluate.self, "")], stream)) {
            XCTAssertEqual("\($0)", "nnpipe evaluate: error: test_data "
                + "[6, 10] float64 has rows of 10 values, but the model "
                + "'layer0.weight' in the stream takes 12")
        }
        let fits = model(widths: [10, 4, 3], input: nil) + data
        XCTAssertThrowsError(try run(
            [try make(Inspect.self, "data=test_data show=0")], fits)) {
            XCTAssertEqual("\($0)", "nnpipe inspect: error: the model "
                + "'layer0.weight' in the stream has no input attribute of "
                + "the form 'HxW row-major|column-major' matching its 10 "
                + "inputs; train with input=")
        }
        let square = model(widths: [16, 4, 3], input: "4x4 row-major")
            + labelled("test", rows: 6, width: 16, classes: 3, seed: 1)
        XCTAssertThrowsError(try run(
            [try make(Inspect.self, "data=test_data show=7")], square)) {
            XCTAssertEqual("\($0)", "nnpipe inspect: error: show= names "
                + "class '7', which the model does not have (classes: 012)")
        }
        // The model in the stream, checked by gradcheck from=stream.
        let (output, _) = try run(
            [try make(GradCheck.self, "from=stream data=test_data "
                      + "labels=test_labels")], square)
        XCTAssertEqual(output.named("gradcheck")?.shape, [4])
    }

    // MARK: gradcheck

    func testGradCheckPassesOnAFreshNetworkAndFailsAtZeroTolerance() throws {
        let records = labelled("train", rows: 6, width: 10, classes: 4,
                               seed: 5)
        let stage = try make(GradCheck.self, "layers=10,6,4 rows=4")
        let (output, log) = try run([stage], records)
        let errors = try XCTUnwrap(output.named("gradcheck"))
        XCTAssertEqual(errors.shape, [4])
        XCTAssertEqual(errors.attributes["names"],
                       "layer0.weight,layer0.bias,layer1.weight,layer1.bias")
        XCTAssertTrue(errors.data.doubles.allSatisfy { $0 < 1e-3 })
        XCTAssertTrue(log.last!.hasPrefix(
            "gradcheck: largest relative error "), log.last!)
        XCTAssertThrowsError(try run(
            [try make(GradCheck.self, "layers=10,6,4 tolerance=0")],
            records)) {
            XCTAssertTrue("\($0)".hasPrefix("nnpipe gradcheck: error: "
                + "gradient check failed: largest relative error "), "\($0)")
        }
        XCTAssertThrowsError(try make(GradCheck.self, "from=file")) {
            XCTAssertEqual("\($0)", "from=file needs model=PATH")
        }
    }

    // MARK: NIST36

    /// A short real run: 2400 rows of nist36_valid.mat to train on for two
    /// epochs, the other 1200 to test; chance is 1/36 = 2.8%, and the run
    /// must reach 9 times that (it gets about 35%).
    func testShortTrainingOnNIST36BeatsChance() throws {
        let path = SharedTestDataPath.directory + "/nist36/nist36_valid.mat"
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("…/shared/data/nist36/nist36_valid.mat not found: "
                          + path)
        }
        let loaded = try make(Load.self, path).run(
            [], context: .silent("load"))
        let x = try XCTUnwrap(loaded.named("valid_data"))
        let y = try XCTUnwrap(loaded.named("valid_labels"))
        // Every third row is held out (the file is in class order).
        let (xs, ys) = (x.data.doubles, y.data.doubles)
        var records: [Record] = []
        for (key, held) in [("train", false), ("test", true)] {
            let rows = (0..<x.shape[0]).filter { ($0 % 3 == 0) == held }
            var data: [Double] = []
            var labels: [UInt8] = []
            data.reserveCapacity(rows.count * 1024)
            for r in rows {
                data += xs[(r * 1024)..<((r + 1) * 1024)]
                labels += ys[(r * 36)..<((r + 1) * 36)].map { UInt8($0) }
            }
            records += [
                Record(name: key + "_data", shape: [rows.count, 1024],
                       data: .float64(data)),
                Record(name: key + "_labels", shape: [rows.count, 36],
                       data: .uint8(labels)),
            ]
        }
        let (output, log) = try run([
            try make(Train.self, "epochs=2 rate=0.05 momentum=0.9 valid="),
            try make(Evaluate.self, ""),
        ], records)
        let accuracy = try XCTUnwrap(Double(
            output.named("confusion")?.attributes["accuracy"] ?? ""))
        XCTAssertGreaterThan(accuracy, 0.25, log.joined(separator: "\n"))
    }
}

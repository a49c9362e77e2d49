import XCTest
@testable import Pipeline

final class ModelFileTests: XCTestCase {
    func network() -> MLP {
        var g = SeededGenerator(seed: 3)
        return MLP(widths: [6, 4, 3], activation: .relu, using: &g)
    }

    func testWriteReadRoundTripThroughStreamBytes() throws {
        let mlp = network()
        let records = Model.records(mlp, classes: "xyz", input: "2x3 row-major",
                                    extra: ["trained": "test"], prefix: "m/")
        XCTAssertEqual(records.map(\.name), [
            "m/layer0.weight", "m/layer0.bias", "m/layer1.weight",
            "m/layer1.bias",
        ])
        XCTAssertTrue(records.allSatisfy { $0.role == "weights" })
        XCTAssertEqual(records[0].attributes, [
            "model": "mlp", "widths": "6,4,3", "activation": "relu",
            "classes": "xyz", "input": "2x3 row-major", "trained": "test",
        ])
        let bytes = try StreamWriter.encode(records)
        let model = try Model(records: try StreamReader.decode(bytes),
                              prefix: "m/")
        XCTAssertEqual(model.network as? MLP, mlp)
        XCTAssertEqual(model.classes, ["x", "y", "z"])
        XCTAssertEqual(model.input, "2x3 row-major")
        let x = NNTestSupport.random([5, 6], seed: 1)
        XCTAssertEqual(model.network.probabilities(x), mlp.probabilities(x))
        // Without the prefix there is no model.
        XCTAssertThrowsError(try Model(records: records)) { error in
            XCTAssertEqual("\(error)", "no model: the stream has no record "
                           + "'layer0.weight' with role weights")
        }
    }

    func testReadingRefusesWhatDoesNotFit() {
        let good = Model.records(network(), classes: "abc", input: nil)
        func message(_ edit: (inout [Record]) -> Void) -> String {
            var records = good
            edit(&records)
            do {
                _ = try Model(records: records)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message { $0[0].attributes["model"] = "cnn" },
                       "layer0.weight [6, 4] float32 (weights): model=cnn "
                           + "is not a kind nnpipe knows (known: mlp)")
        XCTAssertEqual(message { $0.remove(at: 3) },
                       "mlp widths=6,4,3 needs a record 'layer1.bias' with "
                           + "role weights; the stream has none")
        XCTAssertEqual(
            message {
                $0[2] = Record(name: "layer1.weight", role: "weights",
                               shape: [3, 4], data: .float32(.init(
                                repeating: 0, count: 12)))
            },
            "layer1.weight [3, 4] float32 (weights) should be float32 "
                + "[4, 3] for widths=6,4,3")
        XCTAssertEqual(message { $0[0].attributes["widths"] = "6,x" },
                       "layer0.weight: widths=6,x is not a list of two or "
                           + "more positive integers")
        XCTAssertEqual(message { $0[0].attributes["activation"] = "tanh" },
                       "layer0.weight: activation=tanh is not sigmoid or relu")
        XCTAssertEqual(message { $0[0].attributes["classes"] = "ab" },
                       "layer0.weight [6, 4] float32 (weights): classes=ab "
                           + "names 2 classes, the network has 3")
        // Non-finite parameters, float32 or float64 (inf once narrowed).
        XCTAssertEqual(
            message { $0[1].data = .float32([0, .nan, -.infinity, .nan]) },
            "layer0.bias [4] float32 (weights): 3 of 4 values are not "
                + "finite (first: nan at index 1)")
        XCTAssertEqual(
            message { $0[3].data = .float64([0, 0, 1e300]) },
            "layer1.bias [3] float64 (weights): 1 of 3 values are not "
                + "finite as float32 (first: inf at index 2)")
    }

    func testModelFileErrorsNameThePath() {
        XCTAssertThrowsError(try Model(path: "/nonexistent/m.nnpt")) {
            XCTAssertEqual("\($0)", "cannot open /nonexistent/m.nnpt: No "
                           + "such file or directory")
        }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("nnpipe-not-a-model-\(UUID()).nnpt").path
        XCTAssertTrue(FileManager.default.createFile(
            atPath: path, contents: Data("hello".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try Model(path: path)) {
            XCTAssertTrue("\($0)".hasPrefix("model file \(path): "), "\($0)")
        }
    }

    func testDefaultClassNames() {
        XCTAssertEqual(Model.defaultClasses(36),
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        XCTAssertEqual(Model.defaultClasses(3), "0,1,2")
    }
}

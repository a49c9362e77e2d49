import Foundation
import XCTest
@testable import Stages

final class PlotStageTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("nnpipe-plot-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }

    func plot(_ words: String) throws -> Plot {
        try Plot.make(words: words.split(separator: " ").map(String.init))
    }

    /// Runs the stages through `Pipeline`, collecting what they log.
    func run(_ stages: [any Stage], _ records: [Record]) throws
        -> (records: [Record], log: [String])
    {
        var log: [String] = []
        let output = try Pipeline(stages).run(records) { name in
            StageContext(stageName: name, messages: { log.append($0) })
        }
        return (output, log)
    }

    /// The PNG file read back.
    func png(_ path: String) throws -> RGBImage {
        RGBImage(try ImageCodec.decode(contentsOf: path))
    }

    // MARK: Synthetic records, in the names and shapes of docs/models.md.

    let history = Record(
        name: "history", role: "history",
        attributes: ["columns":
            "epoch,train_loss,train_accuracy,valid_loss,valid_accuracy"],
        shape: [3, 5],
        data: .float32([1, 2.0, 0.40, 2.1, 0.35,
                        2, 1.5, 0.60, 1.7, 0.55,
                        3, 1.2, 0.70, 1.5, 0.62]))

    let confusion = Record(
        name: "confusion", role: "confusion",
        attributes: ["classes": "ABC", "accuracy": "0.7667"],
        shape: [3, 3], data: .int32([8, 2, 0, 1, 5, 4, 0, 0, 10]))

    /// Two 2x3 tiles stored column-major in the columns of a [6, 2]
    /// matrix, as `layer0.weight` holds 32x32 images: tile 1 is 0 but for
    /// pixel (r 0, c 2) = 1; tile 0 counts 0...5 in column-major order.
    let weight = Record(
        name: "layer0.weight", role: "weights",
        attributes: ["input": "2x3 column-major, paper 1 ink 0"],
        shape: [6, 2],
        data: .float32([0, 0, 1, 0, 2, 0, 3, 0, 4, 1, 5, 0]))

    func images(_ name: String, _ values: [Float]) -> Record {
        Record(name: name, role: "images", attributes: ["classes": "AB"],
               shape: [2, 2, 2], data: .float32(values))
    }

    // MARK: kinds

    func testCurvesWriteTwoChartsWithTheTestAccuracy() throws {
        let stage = try plot(
            "kind=curves input=history test=confusion title=lr-0.01 "
                + "out=\(path("lr/curves.svg"))")
        let (output, log) = try run([stage], [history, confusion])
        XCTAssertEqual(output, [history, confusion], "passes the stream on")

        let accuracy = try String(contentsOfFile: path("lr/curves-accuracy.svg"),
                                  encoding: .utf8)
        XCTAssertTrue(accuracy.contains(">lr-0.01: accuracy per epoch<"))
        XCTAssertTrue(accuracy.contains(">test accuracy 76.7% (23 of 30)<"))
        XCTAssertTrue(accuracy.contains(">accuracy (%)</text>"))
        // 35...70 % rounds out to 30...70 in steps of 10.
        XCTAssertTrue(accuracy.contains("text-anchor=\"end\">30</text>"))
        XCTAssertTrue(accuracy.contains("text-anchor=\"end\">70</text>"))
        let loss = try String(contentsOfFile: path("lr/curves-loss.svg"),
                              encoding: .utf8)
        XCTAssertTrue(loss.contains(">lr-0.01: loss per epoch<"))
        XCTAssertEqual(try png(path("lr/curves-loss.png")).width, 1440)
        XCTAssertEqual(log.first,
                       "lr-0.01: test accuracy 76.7% (23 of 30)")
    }

    func testCurvesWithoutColumnsAttributeTakeTheDocumentedOrder() throws {
        var bare = history
        bare.attributes = [:]
        let stage = try plot("kind=curves input=history png=false "
                             + "out=\(path("c"))")
        _ = try run([stage], [bare])
        XCTAssertTrue(FileManager.default.fileExists(
            atPath: path("c-accuracy.svg")))
        XCTAssertFalse(FileManager.default.fileExists(
            atPath: path("c-accuracy.png")))
    }

    func testGridReadsColumnMajorColumnsUpright() throws {
        let stage = try plot("kind=grid input=layer0.weight scale=2 gap=1 "
                             + "scaling=none out=\(path("w.png"))")
        let grid = try stage.gridFigure([weight])
        XCTAssertEqual(grid.tileHeight, 2)
        XCTAssertEqual(grid.tileWidth, 3)
        XCTAssertEqual(grid.tiles[1], [0, 0, 1, 0, 0, 0])

        let image = grid.render()
        let (x, y) = grid.origin(ofTile: 1)
        // Pixel (r 0, c 2) of tile 1 is white, scaled 2x; (r 1, c 2) black.
        XCTAssertEqual(image[x + 4, y], .white)
        XCTAssertEqual(image[x + 5, y + 1], .white)
        XCTAssertEqual(image[x + 4, y + 2], .black)

        _ = try run([stage], [weight])
        XCTAssertEqual(try png(path("w.png")), image)
    }

    func testGridScalesEachTileToItsOwnRange() throws {
        let stage = try plot("kind=grid input=layer0.weight "
                             + "out=\(path("w.png"))")
        let tiles = try stage.gridFigure([weight]).tiles
        // Tile 0 holds 0...5 column-major: upright rows 0 2 4 / 1 3 5.
        XCTAssertEqual(tiles[0], [0, 0.4, 0.8, 0.2, 0.6, 1])
    }

    func testGridOfRankThreeImagesAndTileParameters() throws {
        let filters = images("filters", [0, 1, 2, 3, 4, 5, 6, 7])
        let stage = try plot("kind=grid input=filters columns=1 "
                             + "scaling=global out=\(path("f.png"))")
        let grid = try stage.gridFigure([filters])
        XCTAssertEqual(grid.columns, 1)
        XCTAssertEqual(grid.tiles[1].map { $0 * 7 }, [4, 5, 6, 7])

        let rows = Record(name: "rows", shape: [2, 4],
                          data: .float32([1, 2, 3, 4, 5, 6, 7, 8]))
        let rowStage = try plot("kind=grid input=rows tiles=rows tile=2,2 "
                                + "pixels=row-major scaling=none "
                                + "out=\(path("r.png"))")
        XCTAssertEqual(try rowStage.gridFigure([rows]).tiles[1], [5, 6, 7, 8])
    }

    func testConfusionWritesImageAndPairs() throws {
        let stage = try plot("kind=confusion input=confusion pairs=1 "
                             + "out=\(path("confusion.png"))")
        let (_, log) = try run([stage], [confusion])
        let text = try String(contentsOfFile: path("confusion.txt"),
                              encoding: .utf8)
        XCTAssertEqual(text, """
            confusion matrix: confusion: accuracy 76.7% (23 of 30)
            most confused pairs (true as predicted):
              B and C: 4 (B as C: 4, C as B: 0)

            """)
        XCTAssertTrue(log.contains("  B and C: 4 (B as C: 4, C as B: 0)"))
        let image = try png(path("confusion.png"))
        let figure = ConfusionFigure(
            matrix: ConfusionMatrix(counts: [8, 2, 0, 1, 5, 4, 0, 0, 10],
                                    classes: ["A", "B", "C"]),
            title: [])
        let (x, y) = figure.cellOrigin(truth: 2, predicted: 2)
        // Two title lines move the cells down by 2 * 22 pixels.
        XCTAssertEqual(image[x, y + 44], Colormap.heat.anchors.last)
        XCTAssertEqual(image[x - 18, y + 44], .white, "C as B: 0")
    }

    func testClassImagesPairTemplatesWithExemplars() throws {
        let templates = images("templates", [0, 2, 4, 6, -1, -1, -1, 3])
        let exemplars = images("exemplars", [0, 1, 1, 0, 1, 1, 0.5, 0])
        let stage = try plot("kind=classimages input=templates "
                             + "out=\(path("c.png"))")
        let grid = try stage.classImagesFigure([templates, exemplars])
        XCTAssertEqual(grid.rowLabels, ["A", "B"])
        XCTAssertEqual(grid.columns, 2)
        XCTAssertEqual(grid.tiles, [[0, 1 / 3, 2 / 3, 1], [0, 1, 1, 0],
                                    [0, 0, 0, 1], [1, 1, 0.5, 0]])
        _ = try run([stage], [templates, exemplars])
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("c.png")))
    }

    // MARK: bad input: one line, naming what was expected

    func assertOneLineFailure(
        _ stage: any Stage, _ records: [Record], contains words: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try run([stage], records), file: file,
                             line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("nnpipe plot: error: "), message,
                          file: file, line: line)
            XCTAssertTrue(message.contains(words), message, file: file,
                          line: line)
            XCTAssertFalse(message.contains("\n"), file: file, line: line)
        }
    }

    func testMissingRecordIsNamed() throws {
        assertOneLineFailure(
            try plot("kind=curves input=history out=\(path("x"))"),
            [confusion],
            contains: "expected a tensor 'history', rank 2 in the input, "
                + "but the stream holds: confusion [3, 3] int32")
    }

    func testWrongRankIsNamed() throws {
        let flat = Record(name: "history", shape: [5],
                          data: .float32([1, 2, 3, 4, 5]))
        assertOneLineFailure(
            try plot("kind=curves input=history out=\(path("x"))"), [flat],
            contains: "input history [5] float32 does not fit: rank 1, "
                + "expected rank 2")
        assertOneLineFailure(
            try plot("kind=grid input=history out=\(path("x.png"))"), [flat],
            contains: "expected rank 2 to 3")
    }

    func testBadShapesAndValuesAreRuntimeErrors() throws {
        let narrow = Record(name: "history", shape: [2, 3],
                            data: .float32([1, 2, 3, 4, 5, 6]))
        assertOneLineFailure(
            try plot("kind=curves input=history out=\(path("x"))"), [narrow],
            contains: "has no columns attribute and not 5 columns")
        assertOneLineFailure(
            try plot("kind=grid input=layer0.weight tile=3,3 "
                     + "out=\(path("x.png"))"), [weight],
            contains: "6 values per tile (one column) do not make a 3x3 tile")
        let oblong = Record(name: "confusion", shape: [2, 3],
                            data: .int32([1, 2, 3, 4, 5, 6]))
        assertOneLineFailure(
            try plot("kind=confusion input=confusion out=\(path("x.png"))"),
            [oblong], contains: "is not a square confusion matrix")
        var negative = confusion
        negative.data = .int32([8, -2, 0, 1, 5, 4, 0, 0, 10])
        assertOneLineFailure(
            try plot("kind=confusion input=confusion out=\(path("x.png"))"),
            [negative], contains: "holds -2.0, not a count")
        assertOneLineFailure(
            try plot("kind=confusion input=confusion labels=AB "
                     + "out=\(path("x.png"))"),
            [confusion], contains: "labels= names 2 classes, but confusion")
    }

    func testParametersOfAnotherKindAreUsageErrors() {
        XCTAssertThrowsError(
            try plot("kind=curves input=h out=x pairs=3")
        ) { error in
            XCTAssertEqual(error as? StageError, .usage(
                "pairs= applies to kind=confusion, not kind=curves"))
        }
        XCTAssertThrowsError(
            try plot("kind=grid input=w out=x tile=32")
        ) { error in
            XCTAssertEqual((error as? StageError)?.kind, .usage)
        }
        XCTAssertThrowsError(try plot("kind=pie input=w out=x"))
    }

    func testPipelineFileWithSeveralPlots() throws {
        let text = """
            param out
            plot kind=curves input=history out=$out/curves png=false
            plot kind=confusion input=confusion out=$out/confusion.png
            """
        let file = try PipelineFile(text: text, path: "report.pipe")
        let pipeline = try Pipeline(
            steps: file.steps(overrides: ["out": folder.path]),
            registry: stageRegistry)
        let (output, _) = try run(pipeline.entries.map(\.stage),
                                  [history, confusion])
        XCTAssertEqual(output.count, 2)
        for name in ["curves-accuracy.svg", "curves-loss.svg",
                     "confusion.png", "confusion.txt"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: path(name)),
                          name)
        }
    }
}

import XCTest
@testable import Pipeline

final class ImageGridTests: XCTestCase {
    /// A [P, T] = [6, 2] matrix of two 2x3 tiles stored column-major: tile t
    /// pixel (r, c) is 100 t + 10 r + c, at element c * 2 + r of column t.
    func columnMajorMatrix() -> [Float] {
        var values = [Float](repeating: 0, count: 12)
        for t in 0..<2 {
            for r in 0..<2 {
                for c in 0..<3 {
                    values[(c * 2 + r) * 2 + t] = Float(100 * t + 10 * r + c)
                }
            }
        }
        return values
    }

    func testColumnsOfAColumnMajorMatrixBecomeUprightTiles() {
        let layout = TileLayout(height: 2, width: 3, axis: .columns,
                                order: .columnMajor)
        let tiles = layout.tiles(from: columnMajorMatrix(), shape: [6, 2])
        XCTAssertEqual(tiles, [[0, 1, 2, 10, 11, 12],
                               [100, 101, 102, 110, 111, 112]])
    }

    func testRowsOfARowMajorMatrix() {
        let layout = TileLayout(height: 2, width: 2, axis: .rows,
                                order: .rowMajor)
        let tiles = layout.tiles(from: [1, 2, 3, 4, 5, 6, 7, 8],
                                 shape: [2, 4])
        XCTAssertEqual(tiles, [[1, 2, 3, 4], [5, 6, 7, 8]])
        let transposed = TileLayout(height: 2, width: 2, axis: .rows,
                                    order: .columnMajor)
        XCTAssertEqual(
            transposed.tiles(from: [1, 2, 3, 4], shape: [1, 4]), [[1, 3, 2, 4]])
    }

    func testModelInputAttributeParses() {
        let parsed = TileLayout.parse("32x32 column-major, paper 1 ink 0")
        XCTAssertEqual(parsed?.height, 32)
        XCTAssertEqual(parsed?.width, 32)
        XCTAssertEqual(parsed?.order, .columnMajor)
        XCTAssertEqual(TileLayout.parse("28x20 row-major")?.width, 20)
        XCTAssertNil(TileLayout.parse("32 column-major"))
        XCTAssertNil(TileLayout.parse("32x32 diagonal"))
    }

    func testTilePixelsLandUpscaledAtTheirPlace() {
        // Two 2x3 tiles, black but for one white pixel at (r 0, c 2) of tile
        // 1, in a grid 2 wide at scale 3 with a gap of 2, no title.
        var second = [Float](repeating: 0, count: 6)
        second[2] = 1
        var grid = ImageGrid(tiles: [[Float](repeating: 0, count: 6), second],
                             tileHeight: 2, tileWidth: 3, columns: 2)
        grid.scale = 3
        grid.gap = 2
        let image = grid.render()
        // width: gap + 2 * (3 * 3 + gap); height: gap + 2 * 3 + gap.
        XCTAssertEqual(image.width, 24)
        XCTAssertEqual(image.height, 10)
        XCTAssertEqual(grid.origin(ofTile: 0).x, 2)
        XCTAssertEqual(grid.origin(ofTile: 1).x, 13)

        let white = RGB.white
        for y in 0..<image.height {
            for x in 0..<image.width {
                let inTile1 = (13..<22).contains(x) && (2..<8).contains(y)
                let inTile0 = (2..<11).contains(x) && (2..<8).contains(y)
                let whiteBlock = (19..<22).contains(x) && (2..<5).contains(y)
                let expected = whiteBlock ? white
                    : inTile0 || inTile1 ? RGB.black : grid.background
                XCTAssertEqual(image[x, y], expected, "pixel \(x), \(y)")
            }
        }
    }

    func testTitleLabelsAndHeadersMakeRoom() {
        var grid = ImageGrid(tiles: Array(repeating: [0.5], count: 4),
                             tileHeight: 1, tileWidth: 1, columns: 2)
        grid.title = ["T"]
        grid.rowLabels = ["A", "B"]
        grid.columnHeaders = ["X", "Y"]
        let (x, y) = grid.origin(ofTile: 0)
        // left: gap + label width 10 + 2 gaps; top: gap + 2 lines + gap.
        XCTAssertEqual(x, 4 + 10 + 8)
        XCTAssertEqual(y, 4 + 20 + 20 + 4)
        let image = grid.render()
        XCTAssertEqual(image[x, y], RGB(grey: 128))
    }

    func testScalingPerTileGlobalAndNone() {
        let tiles: [[Float]] = [[1, 2, 3], [10, 10, 10], [0, .nan, 4]]
        XCTAssertEqual(TileScaling.tile.apply(tiles)[0], [0, 0.5, 1])
        XCTAssertEqual(TileScaling.tile.apply(tiles)[1], [0.5, 0.5, 0.5])
        let third = TileScaling.tile.apply(tiles)[2]
        XCTAssertEqual(third[0], 0)
        XCTAssertTrue(third[1].isNaN)
        XCTAssertEqual(third[2], 1)
        XCTAssertEqual(TileScaling.global.apply(tiles)[1], [1, 1, 1])
        XCTAssertEqual(TileScaling.global.apply(tiles)[0], [0.1, 0.2, 0.3])
        XCTAssertEqual(TileScaling.none.apply(tiles)[0], [1, 2, 3])
    }

    func testNaNAndOutOfRangeValuesDrawWithoutCrashing() {
        var image = RGBImage(width: 3, height: 1)
        image.drawGrey([.nan, -2, 5], rows: 1, columns: 3, x: 0, y: 0,
                       scale: 1)
        XCTAssertEqual(image[0, 0], RGB(grey: 128))
        XCTAssertEqual(image[1, 0], .black)
        XCTAssertEqual(image[2, 0], .white)
    }
}

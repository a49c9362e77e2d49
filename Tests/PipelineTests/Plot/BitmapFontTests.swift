import XCTest
@testable import Pipeline

final class BitmapFontTests: XCTestCase {
    /// The ink of an image as text rows, `#` for black.
    func rows(_ image: RGBImage) -> [String] {
        (0..<image.height).map { y in
            String((0..<image.width).map { image[$0, y] == .black ? "#" : "." })
        }
    }

    func testWidthCountsAdvanceWithoutTrailingSpace() {
        XCTAssertEqual(BitmapFont.width("", scale: 3), 0)
        XCTAssertEqual(BitmapFont.width("A", scale: 1), 5)
        XCTAssertEqual(BitmapFont.width("AB", scale: 2), 22)
    }

    func testGlyphIsDrawnUprightAtItsCorner() {
        var image = RGBImage(width: 7, height: 9)
        image.drawText("L", x: 1, y: 1)
        XCTAssertEqual(rows(image), [
            ".......",
            ".#.....", ".#.....", ".#.....", ".#.....", ".#.....", ".#.....",
            ".#####.",
            ".......",
        ])
    }

    func testScaleMakesBlocks() {
        var image = RGBImage(width: 10, height: 14)
        image.drawText("1", x: 0, y: 0, scale: 2)
        // Row 0 of "1" is "..#..": columns 4 and 5 at scale 2.
        XCTAssertEqual(rows(image)[0], "....##....")
        XCTAssertEqual(rows(image)[1], "....##....")
        XCTAssertEqual(rows(image)[13], "..######..")
    }

    func testVerticalTextReadsBottomToTop() {
        var image = RGBImage(width: 7, height: 5)
        image.drawText("L", x: 0, y: 5, vertical: true)
        // "L" turned a quarter left: its stem lies along the bottom row,
        // its foot runs up the right side.
        XCTAssertEqual(rows(image), [
            "......#",
            "......#",
            "......#",
            "......#",
            "#######",
        ])
    }

    func testLowerCaseIsDrawnAsCapitalsAndUnknownAsABox() {
        var lower = RGBImage(width: 5, height: 7)
        var upper = RGBImage(width: 5, height: 7)
        lower.drawText("q", x: 0, y: 0)
        upper.drawText("Q", x: 0, y: 0)
        XCTAssertEqual(lower, upper)

        var unknown = RGBImage(width: 5, height: 7)
        unknown.drawText("ß", x: 0, y: 0)
        XCTAssertEqual(rows(unknown)[0], "#####")
        XCTAssertEqual(rows(unknown)[3], "#...#")
    }

    func testEveryGlyphIsFiveByseven() {
        for (character, glyph) in BitmapFont.glyphs {
            XCTAssertEqual(glyph.count, 7, "\(character)")
            for row in glyph {
                XCTAssertEqual(row.count, 5, "\(character)")
                XCTAssertTrue(row.allSatisfy { $0 == "#" || $0 == "." })
            }
        }
        let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        XCTAssertTrue(letters.allSatisfy { BitmapFont.glyphs[$0] != nil })
    }

    func testTextOffTheEdgeIsClipped() {
        var image = RGBImage(width: 4, height: 4)
        image.drawText("W", x: 2, y: -3, scale: 2)
        image.drawText("W", x: -20, y: 9)
        // Image row 0 shows glyph row 1 of "W", "#...#": x 2 and 3 are ink.
        XCTAssertEqual(image[2, 0], .black)
        XCTAssertEqual(image[1, 0], .white)
    }
}

import XCTest
@testable import Pipeline

final class PNGOutputTests: XCTestCase {
    func testPNGRoundTripsPixels() throws {
        var image = RGBImage(width: 5, height: 3, fill: RGB(10, 20, 30))
        image[4, 2] = RGB(255, 0, 128)
        image[0, 1] = .white
        let decoded = try ImageCodec.decode(try image.pngBytes())
        XCTAssertEqual(decoded.shape, [3, 5, 3])
        XCTAssertEqual(RGBImage(decoded), image)
    }

    func testWriteMakesTheFolderAndFailsInOneLine() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("nnpipe-png-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a/b.png").path
        try RGBImage(width: 2, height: 2).writePNG(to: path)
        XCTAssertEqual(try ImageCodec.decode(contentsOf: path).shape,
                       [2, 2, 3])

        XCTAssertThrowsError(
            try RGBImage(width: 2, height: 2).writePNG(to: "\(path)/c.png")
        ) { error in
            XCTAssertEqual(
                "\(error)",
                "cannot create \(path)/c.png: \(path) is a file, not a folder")
        }
    }
}

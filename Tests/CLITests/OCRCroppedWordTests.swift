import Foundation
import Pipeline
import XCTest

/// Words cropped tightly out of the sample photos: their letters span
/// more than a third of the frame, which once read as a sheet's outline
/// (REWARD read `FWA D`, NAP read nothing with ink 0%).
final class OCRCroppedWordTests: XCTestCase {
    /// Rows y..<y+height, columns x..<x+width of a photo in images/, as a
    /// PNG in a temporary directory.
    func crop(_ photo: String, y: Int, x: Int, height: Int, width: Int)
        throws -> String
    {
        let path = packageRoot.appendingPathComponent("images/\(photo)").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("images/\(photo) is not in this checkout")
        }
        let image = try ImageCodec.decode(contentsOf: path)
        let c = image.channels
        var samples: [Float] = []
        for row in y..<(y + height) {
            let start = (row * image.width + x) * c
            samples += image.samples[start..<(start + width * c)]
        }
        let out = try temporaryDirectory(for: self)
            .appendingPathComponent("crop.png").path
        try Data(ImageCodec.encodePNG(
            samples, height: height, width: width, channels: c)
        ).write(to: URL(fileURLWithPath: out))
        return out
    }

    func read(_ path: String) throws -> ProcessResult {
        let result = try runNnpipe([
            packageRoot.appendingPathComponent("pipelines/ocr.pipe").path,
            "image=\(path)",
            "model=" + packageRoot.appendingPathComponent(
                "data/nist36-mlp.nnpt").path,
        ], timeout: 120)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result
    }

    func testATightlyCroppedWordKeepsItsTallLetters() throws {
        // REWARD of 01_list, 540x230 (found by exact match of the user's
        // crop): six boxes; the model reads E as B.
        let reward = try read(try crop(
            "01_list.jpg", y: 1050, x: 300, height: 230, width: 540))
        XCTAssertTrue(
            reward.stderr.contains("nnpipe box: 6 boxes"), reward.stderr)
        // One word: its gaps are narrower than its letters (it read
        // R F W A R D when any line of one kind of gap was letters apart).
        XCTAssertFalse(reward.stdoutText.contains(" "), reward.stdoutText)
        let letters = reward.stdoutText.filter(\.isLetter)
        XCTAssertEqual(letters.count, 6, reward.stdoutText)
        XCTAssertLessThanOrEqual(
            characterErrorRate(
                String(letters), reference: "REWARD", ignoringLayout: true),
            1.0 / 6, reward.stdoutText)

        // NAP, 400x170: before, the letters were dropped as outlines and
        // the page then read as blank (ink 0%).
        let nap = try read(try crop(
            "01_list.jpg", y: 1230, x: 400, height: 170, width: 400))
        XCTAssertEqual(
            nap.stdoutText.filter(\.isLetter), "NAP", nap.stdoutText)
    }

    func testTightlyCroppedLinesOfTheLettersAndDeepPhotos() throws {
        // The first row of 02_letters, 2743x400 (the user's crop: rows
        // 0..<400); it read `4`.
        let letters = try read(try crop(
            "02_letters.jpg", y: 0, x: 0, height: 400, width: 2743))
        XCTAssertEqual(
            letters.stdoutText.trimmingCharacters(in: .newlines),
            "A B C D E F G")

        // DEEP LEARNING, the top 800 rows of 04_deep; it read LEARNINQ.
        // The model reads its G as Q, as in the whole photo.
        let deep = try read(try crop(
            "04_deep.jpg", y: 0, x: 0, height: 800, width: 4032))
        XCTAssertTrue(
            deep.stderr.contains("nnpipe box: 12 boxes"), deep.stderr)
        let words = deep.stdoutText.split(whereSeparator: \.isWhitespace)
        XCTAssertEqual(words.map(\.count), [4, 8], deep.stdoutText)
        XCTAssertLessThanOrEqual(
            characterErrorRate(
                deep.stdoutText, reference: "DEEP LEARNING",
                ignoringLayout: true),
            1.0 / 12, deep.stdoutText)
    }
}

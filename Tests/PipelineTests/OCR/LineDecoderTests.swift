import XCTest

@testable import Pipeline

final class LineDecoderTests: XCTestCase {
    /// A 20 x 12 box with its top-left corner at (y, x).
    func box(_ y: Int, _ x: Int) -> CharacterBox {
        CharacterBox(top: y, left: x, bottom: y + 19, right: x + 11)
    }

    func testSlantedLinesHoldTogetherAndWordsSplitAtWideGaps() {
        // Two lines falling 1 px per 4 (slope 1/4), 24 px apart: the first
        // line ends lower than the second begins, so grouping by height
        // alone would mix them.
        var boxes: [CharacterBox] = []
        var characters: [Character] = []
        for (line, text) in ["ABC DEF", "GH IJK"].enumerated() {
            var x = 0
            for character in text {
                if character == " " { x += 20; continue }
                boxes.append(box(100 + 24 * line + x / 4, x))
                characters.append(character)
                x += 16
            }
        }
        XCTAssertGreaterThan(boxes[5].top, boxes[6].top)
        // Reversed input order: decode sorts.
        let decoded = LineDecoder().text(
            boxes.reversed(), characters: characters.reversed())
        XCTAssertEqual(decoded, "ABC DEF\nGH IJK")
    }

    func testLettersWrittenApartAreWordsAndNoBoxesNoText() {
        // Gaps of 12 px, 0.6 of the height, all alike: each letter a word.
        let boxes = (0..<4).map { box(0, 24 * $0) }
        XCTAssertEqual(
            LineDecoder().text(boxes, characters: ["A", "B", "C", "D"]),
            "A B C D")
        // Gaps of 4 px: one word.
        let tight = (0..<4).map { box(0, 16 * $0) }
        XCTAssertEqual(
            LineDecoder().text(tight, characters: ["A", "B", "C", "D"]),
            "ABCD")
        XCTAssertEqual(LineDecoder().text([], characters: []), "")
    }

    func testSpacesFromTheSplitOfGaps() {
        let decoder = LineDecoder()
        XCTAssertEqual(decoder.spaces([0.2, 1.5, 0.3, 0.25]),
                       [false, true, false, false])
        // Bimodal but the wide gaps are still narrow: one word.
        XCTAssertEqual(decoder.spaces([0.05, 0.3, 0.05, 0.35]),
                       [false, false, false, false])
        XCTAssertEqual(decoder.spaces([]), [])
    }

    func testOneKindOfGapIsLettersApartOnlyWhenGapsReachALetterWidth() {
        let decoder = LineDecoder()
        // The gaps of REWARD cropped out of 01_list (box heights, from
        // the boxes of `nnpipe box`): narrower than its letters (median
        // width 0.73), one widely written word. It read R F W A R D.
        let reward = [0.50, 0.62, 0.38, 0.47, 0.50]
        XCTAssertEqual(
            decoder.spaces(reward, letterWidth: 0.73),
            [false, false, false, false, false])
        // The first row of 02_letters: gaps wider than its letters (0.61).
        let letters = [0.71, 0.48, 0.87, 0.81, 0.69, 0.56]
        XCTAssertEqual(
            decoder.spaces(letters, letterWidth: 0.61),
            [Bool](repeating: true, count: 6))
    }

    func testLimitationTwoGapsOfALetterWidthReadAsLettersApart() {
        // NAP cropped out of 01_list: N A P, though it is one word.
        XCTAssertEqual(
            LineDecoder().spaces([0.30, 0.74], letterWidth: 0.71),
            [true, true])
    }

    func testAWordOfLettersAndDigitsIsReadAsOneKind() {
        let classes: [Character] = ["O", "N", "0", "1"]
        let boxes = [box(0, 0), box(0, 16), box(0, 60)]
        // "0N": the first box leans to the digit 0, but the word is letters.
        let probabilities: [[Float]] = [
            [0.4, 0.0, 0.6, 0.0], [0.0, 0.9, 0.0, 0.1], [0.2, 0.0, 0.0, 0.8],
        ]
        XCTAssertEqual(
            LineDecoder().text(
                boxes, probabilities: probabilities, classes: classes),
            "ON 1")
    }
}

final class EditDistanceTests: XCTestCase {
    func testExactDistances() {
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(editDistance("", "abc"), 3)
        XCTAssertEqual(editDistance("abc", ""), 3)
        XCTAssertEqual(editDistance("same", "same"), 0)
        XCTAssertEqual(editDistance("ab", "ba"), 2)
    }

    func testCharacterErrorRateWithAndWithoutLayout() {
        let reference = "1. MAKE A\nLIST"
        // Scored: "1 MAKE A\nLIST" (13) and "1MAKEALIST" (10).
        XCTAssertEqual(
            scoredCharacters(reference, ignoringLayout: false), "1 MAKE A\nLIST")
        XCTAssertEqual(
            characterErrorRate("1 make a list", reference: reference,
                               ignoringLayout: true), 0)
        XCTAssertEqual(
            characterErrorRate("1 MAKE A LIST", reference: reference,
                               ignoringLayout: false), 1.0 / 13)
        XCTAssertEqual(
            characterErrorRate("", reference: reference, ignoringLayout: true),
            1)
    }
}

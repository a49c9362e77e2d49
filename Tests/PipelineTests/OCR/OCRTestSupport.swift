@testable import Pipeline

/// An ink mask drawn from text rows: `#` ink, anything else paper.
func mask(_ rows: [String]) -> InkMask {
    let width = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == width }, "ragged mask rows")
    return InkMask(
        width: width, height: rows.count,
        ink: rows.flatMap { $0.map { $0 == "#" ? UInt8(1) : 0 } })
}

/// The rows of a mask as text, for readable failures.
func rows(_ mask: InkMask) -> [String] {
    (0..<mask.height).map { y in
        String((0..<mask.width).map { mask[y, $0] ? "#" : "." })
    }
}

/// A paper mask of `height` x `width` with filled rectangles of ink, each
/// (top, left, bottom, right), corners inclusive.
func rectangles(height: Int, width: Int, _ boxes: [(Int, Int, Int, Int)])
    -> InkMask
{
    var ink = [UInt8](repeating: 0, count: height * width)
    for (top, left, bottom, right) in boxes {
        for y in top...bottom {
            for x in left...right { ink[y * width + x] = 1 }
        }
    }
    return InkMask(width: width, height: height, ink: ink)
}

enum OCRTestSupport {
    /// A 60 x 200 paper mask with ink rectangles (top, left, bottom,
    /// right), corners inclusive.
    static func page(_ boxes: [(Int, Int, Int, Int)]) -> InkMask {
        rectangles(height: 60, width: 200, boxes)
    }
}

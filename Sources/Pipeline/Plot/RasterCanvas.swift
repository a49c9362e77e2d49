import Foundation

/// Draws a chart into an `RGBImage`, `zoom` pixels per chart unit, so a
/// chart can be written as PNG as well as SVG.
///
/// Lines are stamped as squares along their length (no anti-aliasing);
/// text uses the 5x7 bitmap font, so it reads in capitals, at the font
/// scale nearest to the text size.
struct RasterCanvas: ChartCanvas {
    private(set) var image: RGBImage
    let zoom: Double

    init(width: Int, height: Int, zoom: Int) {
        precondition(zoom >= 1, "[chart] zoom \(zoom) must be at least 1")
        self.zoom = Double(zoom)
        image = RGBImage(width: width * zoom, height: height * zoom)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double,
                       _ y2: Double, stroke: RGB, width: Double,
                       dashed: Bool) {
        polyline([(x1, y1), (x2, y2)], stroke: stroke, width: width,
                 dashed: dashed)
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double,
                       stroke: RGB?, fill: RGB?) {
        if let fill {
            image.fill(x: px(x), y: px(y), width: px(x + w) - px(x),
                       height: px(y + h) - px(y), fill)
        }
        if let stroke {
            polyline([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)],
                     stroke: stroke, width: 1, dashed: false)
        }
    }

    /// Stamps a square of side `width` every half pixel along the path; a
    /// dashed path leaves gaps by distance travelled, across corners.
    mutating func polyline(_ points: [(Double, Double)], stroke: RGB,
                           width: Double, dashed: Bool) {
        let side = max(1, Int((width * zoom).rounded()))
        let period = (chartDash.on + chartDash.off) * zoom
        var travelled = 0.0
        for (a, b) in zip(points, points.dropFirst()) {
            let (x1, y1) = (a.0 * zoom, a.1 * zoom)
            let (x2, y2) = (b.0 * zoom, b.1 * zoom)
            let length = ((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1))
                .squareRoot()
            let steps = max(1, Int((length * 2).rounded(.up)))
            for step in 0...steps {
                let t = Double(step) / Double(steps)
                let along = travelled + t * length
                if dashed,
                    along.truncatingRemainder(dividingBy: period)
                        >= chartDash.on * zoom
                {
                    continue
                }
                let x = Int((x1 + t * (x2 - x1)).rounded()) - side / 2
                let y = Int((y1 + t * (y2 - y1)).rounded()) - side / 2
                image.fill(x: x, y: y, width: side, height: side, stroke)
            }
            travelled += length
        }
    }

    mutating func text(_ text: String, x: Double, y: Double, size: Double,
                       anchor: TextAnchor, bold: Bool) {
        let scale = fontScale(size)
        let width = Double(BitmapFont.width(text, scale: scale))
        let shift = anchor == .start ? 0 : anchor == .middle ? width / 2 : width
        let left = Int((x * zoom - shift).rounded())
        let top = Int((y * zoom).rounded()) - BitmapFont.glyphHeight * scale
        image.drawText(text, x: left, y: top, scale: scale)
        if bold { image.drawText(text, x: left + 1, y: top, scale: scale) }
    }

    mutating func verticalText(_ text: String, x: Double, y: Double,
                               size: Double) {
        let scale = fontScale(size)
        let width = BitmapFont.width(text, scale: scale)
        image.drawText(
            text, x: Int((x * zoom).rounded()) - BitmapFont.glyphHeight * scale,
            y: Int((y * zoom).rounded()) + width / 2, scale: scale,
            vertical: true)
    }

    /// The font scale whose capitals come nearest a text of `size` units
    /// (capitals are about 0.7 of the font size; the glyph is 7 rows).
    private func fontScale(_ size: Double) -> Int {
        max(1, Int((size * zoom * 0.7 / Double(BitmapFont.glyphHeight))
            .rounded()))
    }

    private func px(_ value: Double) -> Int { Int((value * zoom).rounded()) }
}

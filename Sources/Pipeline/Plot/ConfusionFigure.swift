/// A confusion matrix drawn as coloured cells: true class down the left,
/// predicted class along the bottom, a colour bar with nice ticks on the
/// right, and each non-zero count written in its cell.
///
/// A cell's colour is `colormap.color(count / maxCount)`: white for 0, the
/// darkest colour for the largest count.
public struct ConfusionFigure: Sendable {
    public var matrix: ConfusionMatrix
    public var title: [String]
    /// Side of one cell in pixels, the grid line included.
    public var cell = 18
    public var colormap = Colormap.heat
    public var showCounts = true

    let margin = 12
    let textScale = 2
    let gridLine = RGB(225, 225, 225)

    public init(matrix: ConfusionMatrix, title: [String]) {
        self.matrix = matrix
        self.title = title
    }

    var maxCount: Int { max(matrix.counts.max() ?? 0, 1) }
    var line: Int { (BitmapFont.glyphHeight + 4) * textScale }
    var labelWidth: Int {
        matrix.classes.map { BitmapFont.width($0, scale: textScale) }.max()
            ?? 0
    }

    /// The top-left pixel of cell (true class, predicted class).
    public func cellOrigin(truth: Int, predicted: Int) -> (x: Int, y: Int) {
        let left = margin + BitmapFont.glyphHeight * textScale + 8
            + labelWidth + 6
        let top = margin + title.count * line + 8
        return (left + predicted * cell, top + truth * cell)
    }

    public func color(ofCount count: Int) -> RGB {
        colormap.color(Double(count) / Double(maxCount))
    }

    public func render() -> RGBImage {
        let k = matrix.size
        let (left, top) = cellOrigin(truth: 0, predicted: 0)
        let side = k * cell
        let barX = left + side + 20
        let ticks = NiceTicks(min: 0, max: Double(maxCount), count: 6,
                              integer: true)
        let tickLabels = ticks.values.filter { $0 <= Double(maxCount) }
        let tickWidth = tickLabels.map {
            BitmapFont.width(ticks.label($0), scale: textScale)
        }.max() ?? 0
        let titleWidth = title.map {
            BitmapFont.width($0, scale: textScale)
        }.max() ?? 0
        let width = max(barX + 20 + 8 + tickWidth, margin + titleWidth)
            + margin
        let height = top + side + 6 + line * 2 + margin
        var image = RGBImage(width: width, height: height)

        for (index, text) in title.enumerated() {
            image.drawText(text, x: margin, y: margin + index * line,
                           scale: textScale)
        }
        drawCells(&image, left: left, top: top)
        drawLabels(&image, left: left, top: top, side: side)

        // Colour bar: top is the largest count.
        for y in 0..<side {
            let value = 1 - Double(y) / Double(max(side - 1, 1))
            image.fill(x: barX, y: top + y, width: 20, height: 1,
                       colormap.color(value))
        }
        image.frame(x: barX, y: top, width: 20, height: side, .black)
        for value in tickLabels {
            let y = top + side - 1
                - Int((value / Double(maxCount) * Double(side - 1)).rounded())
            image.fill(x: barX + 20, y: y, width: 4, height: 1, .black)
            image.drawText(ticks.label(value), x: barX + 28,
                           y: y - BitmapFont.glyphHeight * textScale / 2,
                           scale: textScale)
        }
        return image
    }

    private func drawCells(_ image: inout RGBImage, left: Int, top: Int) {
        let k = matrix.size
        image.fill(x: left - 1, y: top - 1, width: k * cell + 1,
                   height: k * cell + 1, gridLine)
        for truth in 0..<k {
            for predicted in 0..<k {
                let (x, y) = cellOrigin(truth: truth, predicted: predicted)
                let count = matrix[truth, predicted]
                let fill = color(ofCount: count)
                image.fill(x: x, y: y, width: cell - 1, height: cell - 1, fill)
                guard showCounts, count > 0 else { continue }
                let text = String(count)
                let ink: RGB = fill.luminance < 0.5 ? .white : .black
                image.drawText(
                    text, x: x + (cell - 1 - BitmapFont.width(text)) / 2,
                    y: y + (cell - 1 - BitmapFont.glyphHeight) / 2,
                    color: ink)
            }
        }
    }

    /// Class names beside rows and under columns, and the axis titles.
    private func drawLabels(_ image: inout RGBImage, left: Int, top: Int,
                            side: Int) {
        let glyphHeight = BitmapFont.glyphHeight * textScale
        for (index, name) in matrix.classes.enumerated() {
            let offset = index * cell + (cell - 1 - glyphHeight) / 2
            let nameWidth = BitmapFont.width(name, scale: textScale)
            image.drawText(name, x: left - 6 - nameWidth, y: top + offset,
                           scale: textScale)
            image.drawText(
                name, x: left + index * cell + (cell - 1 - nameWidth) / 2,
                y: top + side + 6, scale: textScale)
        }
        let across = "PREDICTED CLASS"
        image.drawText(
            across,
            x: left + (side - BitmapFont.width(across, scale: textScale)) / 2,
            y: top + side + 6 + line, scale: textScale)
        let down = "TRUE CLASS"
        image.drawText(
            down, x: margin,
            y: top + (side + BitmapFont.width(down, scale: textScale)) / 2,
            scale: textScale, vertical: true)
    }
}

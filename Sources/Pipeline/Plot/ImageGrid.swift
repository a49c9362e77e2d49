/// Small grey images laid out in a grid with gaps, upscaled by nearest
/// neighbour, under a title, with optional row labels and column headers.
///
/// Tiles are row-major `tileHeight x tileWidth` grey values in 0...1
/// (black...white); use `tiles(from:...)` to cut them out of a matrix and
/// `normalized(_:_:)` to bring weights into 0...1. Tile k sits in grid row
/// k / columns, grid column k % columns.
public struct ImageGrid: Sendable {
    public var tiles: [[Float]]
    public var tileHeight: Int
    public var tileWidth: Int
    public var columns: Int
    /// Output pixels per tile pixel.
    public var scale = 4
    /// Output pixels between tiles and around the grid.
    public var gap = 4
    /// Lines drawn above the grid in the bitmap font.
    public var title: [String] = []
    /// A label left of each grid row (may be fewer than the rows).
    public var rowLabels: [String] = []
    /// A label above each grid column.
    public var columnHeaders: [String] = []
    public var background = RGB(40, 40, 40)
    public var ink = RGB(240, 240, 240)
    /// Font scale of the title, labels and headers.
    public var textScale = 2

    public init(tiles: [[Float]], tileHeight: Int, tileWidth: Int,
                columns: Int) {
        precondition(!tiles.isEmpty, "[grid] no tiles to draw")
        precondition(columns >= 1, "[grid] columns=\(columns) must be >= 1")
        for tile in tiles {
            precondition(tile.count == tileHeight * tileWidth,
                         "[grid] a tile of \(tile.count) values is not "
                             + "\(tileHeight)x\(tileWidth)")
        }
        self.tiles = tiles
        self.tileHeight = tileHeight
        self.tileWidth = tileWidth
        self.columns = columns
    }

    public var rows: Int { (tiles.count + columns - 1) / columns }

    /// Where the top-left pixel of tile k lands in the rendered image.
    public func origin(ofTile k: Int) -> (x: Int, y: Int) {
        let (left, top) = margins
        return (left + (k % columns) * (tileWidth * scale + gap),
                top + (k / columns) * (tileHeight * scale + gap))
    }

    /// Left and top offsets of the first tile.
    private var margins: (left: Int, top: Int) {
        let line = (BitmapFont.glyphHeight + 3) * textScale
        let labelWidth = rowLabels.map {
            BitmapFont.width($0, scale: textScale)
        }.max() ?? 0
        let left = gap + (labelWidth > 0 ? labelWidth + gap * 2 : 0)
        let top = gap + title.count * line + (columnHeaders.isEmpty ? 0 : line)
            + (title.isEmpty && columnHeaders.isEmpty ? 0 : gap)
        return (left, top)
    }

    public func render() -> RGBImage {
        let (left, top) = margins
        let line = (BitmapFont.glyphHeight + 3) * textScale
        let tileW = tileWidth * scale
        let tileH = tileHeight * scale
        let gridWidth = left + columns * (tileW + gap)
        let titleWidth = title.map {
            gap * 2 + BitmapFont.width($0, scale: textScale)
        }.max() ?? 0
        var image = RGBImage(width: max(gridWidth, titleWidth),
                             height: top + rows * (tileH + gap),
                             fill: background)

        for (index, text) in title.enumerated() {
            image.drawText(text, x: gap, y: gap + index * line,
                           scale: textScale, color: ink)
        }
        for (column, header) in columnHeaders.enumerated() {
            let x = left + column * (tileW + gap)
                + (tileW - BitmapFont.width(header, scale: textScale)) / 2
            image.drawText(header, x: max(x, 0), y: top - line,
                           scale: textScale, color: ink)
        }
        for (row, label) in rowLabels.enumerated() {
            let y = top + row * (tileH + gap)
                + (tileH - BitmapFont.glyphHeight * textScale) / 2
            image.drawText(label, x: gap, y: y, scale: textScale, color: ink)
        }
        for (k, tile) in tiles.enumerated() {
            let (x, y) = origin(ofTile: k)
            image.drawGrey(tile, rows: tileHeight, columns: tileWidth,
                           x: x, y: y, scale: scale)
        }
        return image
    }
}

/// How a matrix holds a set of small images.
public struct TileLayout: Sendable {
    /// Which axis of a [P, T] matrix counts the tiles: `.columns` means
    /// column t is tile t (W1 [1024, 64]: 64 tiles); `.rows` means row t is.
    public enum Axis: String, Sendable { case columns, rows }
    /// How a tile's P values become pixels: column-major means element
    /// c * height + r is pixel (r, c), as MATLAB stores images.
    public enum PixelOrder: String, Sendable {
        case rowMajor = "row-major", columnMajor = "column-major"
    }

    public var height: Int
    public var width: Int
    public var axis: Axis
    public var order: PixelOrder

    public init(height: Int, width: Int, axis: Axis, order: PixelOrder) {
        self.height = height
        self.width = width
        self.axis = axis
        self.order = order
    }

    /// Reads `HxW order` from the start of a model's `input` attribute,
    /// e.g. `32x32 column-major, paper 1 ink 0`; nil when it does not fit.
    public static func parse(_ text: String)
        -> (height: Int, width: Int, order: PixelOrder)?
    {
        let head = text.split(separator: ",").first ?? ""
        let words = head.split(separator: " ")
        guard words.count == 2,
            let order = PixelOrder(rawValue: String(words[1]))
        else { return nil }
        let size = words[0].split(separator: "x").compactMap { Int($0) }
        guard size.count == 2, size[0] > 0, size[1] > 0 else { return nil }
        return (size[0], size[1], order)
    }

    /// Cuts the tiles out of a row-major [P, T] (`.columns`) or [T, P]
    /// (`.rows`) matrix, P = height * width, each tile row-major upright.
    public func tiles(from values: [Float], shape: [Int]) -> [[Float]] {
        precondition(shape.count == 2 && values.count == shape[0] * shape[1],
                     "[grid] tiles come from a matrix, got shape \(shape)")
        let pixels = axis == .columns ? shape[0] : shape[1]
        let count = axis == .columns ? shape[1] : shape[0]
        precondition(pixels == height * width,
                     "[grid] \(pixels) values per tile do not make "
                         + "\(height)x\(width)")
        return (0..<count).map { t in
            var tile = [Float](repeating: 0, count: pixels)
            for r in 0..<height {
                for c in 0..<width {
                    let p = order == .columnMajor ? c * height + r
                        : r * width + c
                    tile[r * width + c] = axis == .columns
                        ? values[p * count + t] : values[t * pixels + p]
                }
            }
            return tile
        }
    }
}

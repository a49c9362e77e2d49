/// Something a chart draws on: the SVG writer, or a raster image.
///
/// Coordinates are chart units (pixels of the SVG); y grows downwards. A
/// text's y is its baseline; `anchor` places x at the text's start,
/// middle or end.
protocol ChartCanvas {
    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double,
                       _ y2: Double, stroke: RGB, width: Double,
                       dashed: Bool)
    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double,
                       stroke: RGB?, fill: RGB?)
    mutating func polyline(_ points: [(Double, Double)], stroke: RGB,
                           width: Double, dashed: Bool)
    mutating func text(_ text: String, x: Double, y: Double, size: Double,
                       anchor: TextAnchor, bold: Bool)
    /// Text read bottom to top, centred on (x, y), its baseline at x.
    mutating func verticalText(_ text: String, x: Double, y: Double,
                               size: Double)
}

enum TextAnchor: String { case start, middle, end }

/// Dash pattern shared by both canvases: on, off (chart units).
let chartDash: (on: Double, off: Double) = (7, 4)

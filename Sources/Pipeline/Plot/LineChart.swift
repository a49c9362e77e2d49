import Foundation

/// A line chart: axes with nice ticks, axis labels, a title, an optional
/// subtitle and a legend beside the plot area, written as SVG text or
/// drawn into an image.
///
/// Each series is one polyline with a point per (x, y) pair; points with a
/// non-finite y are left out. The axes cover every series' points, rounded
/// out to the ticks (`NiceTicks`). Sizes are in SVG user units (pixels).
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var color: RGB
        public var dashed: Bool

        public init(name: String, x: [Double], y: [Double],
                    color: RGB, dashed: Bool = false) {
            precondition(x.count == y.count,
                         "[chart] series '\(name)' has \(x.count) x values "
                             + "and \(y.count) y values")
            self.name = name
            self.x = x
            self.y = y
            self.color = color
            self.dashed = dashed
        }
    }

    public var title: String
    public var subtitle: String = ""
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Whether x ticks must be whole numbers (epochs).
    public var integerX = false
    public var width = 720
    public var height = 440

    public init(title: String, xLabel: String, yLabel: String,
                series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// The plot area inside the margins: left, top, right, bottom.
    var frame: (left: Double, top: Double, right: Double, bottom: Double) {
        let top = subtitle.isEmpty ? 50.0 : 68.0
        return (72, top, Double(width) - 150, Double(height) - 56)
    }

    /// The x and y ticks that cover every finite point (0...1 when none).
    public var ticks: (x: NiceTicks, y: NiceTicks) {
        var xs: [Double] = []
        var ys: [Double] = []
        for line in series {
            for (x, y) in zip(line.x, line.y) where x.isFinite && y.isFinite {
                xs.append(x)
                ys.append(y)
            }
        }
        func range(_ v: [Double]) -> (Double, Double) {
            v.isEmpty ? (0, 1) : (v.min()!, v.max()!)
        }
        let (x0, x1) = range(xs)
        let (y0, y1) = range(ys)
        return (NiceTicks(min: x0, max: x1, count: 6, integer: integerX),
                NiceTicks(min: y0, max: y1, count: 6))
    }

    /// The whole chart as an SVG document.
    public func svg() -> String {
        var writer = SVGWriter(width: width, height: height)
        draw(on: &writer)
        return writer.finish()
    }

    /// The chart as an image of `zoom` pixels per chart unit; text is in
    /// the bitmap font's capitals.
    public func raster(zoom: Int = 2) -> RGBImage {
        var canvas = RasterCanvas(width: width, height: height, zoom: zoom)
        draw(on: &canvas)
        return canvas.image
    }

    private func draw<Canvas: ChartCanvas>(on out: inout Canvas) {
        let (xTicks, yTicks) = ticks
        let f = frame
        func px(_ x: Double) -> Double {
            f.left + (x - xTicks.lower) / (xTicks.upper - xTicks.lower)
                * (f.right - f.left)
        }
        func py(_ y: Double) -> Double {
            f.bottom - (y - yTicks.lower) / (yTicks.upper - yTicks.lower)
                * (f.bottom - f.top)
        }
        let black = RGB.black

        out.text(title, x: Double(width) / 2, y: 26, size: 17,
                 anchor: .middle, bold: true)
        if !subtitle.isEmpty {
            out.text(subtitle, x: Double(width) / 2, y: 48, size: 13,
                     anchor: .middle, bold: false)
        }

        for value in yTicks.values {
            let y = py(value)
            out.line(f.left, y, f.right, y, stroke: RGB(grey: 221), width: 1,
                     dashed: false)
            out.line(f.left - 5, y, f.left, y, stroke: black, width: 1,
                     dashed: false)
            out.text(yTicks.label(value), x: f.left - 8, y: y + 4,
                     size: 12, anchor: .end, bold: false)
        }
        for value in xTicks.values {
            let x = px(value)
            out.line(x, f.top, x, f.bottom, stroke: RGB(grey: 238), width: 1,
                     dashed: false)
            out.line(x, f.bottom, x, f.bottom + 5, stroke: black, width: 1,
                     dashed: false)
            out.text(xTicks.label(value), x: x, y: f.bottom + 19, size: 12,
                     anchor: .middle, bold: false)
        }
        out.rect(f.left, f.top, f.right - f.left, f.bottom - f.top,
                 stroke: black, fill: nil)
        out.text(xLabel, x: (f.left + f.right) / 2, y: Double(height) - 12,
                 size: 13, anchor: .middle, bold: false)
        out.verticalText(yLabel, x: 20, y: (f.top + f.bottom) / 2, size: 13)

        for line in series {
            let points = zip(line.x, line.y).filter {
                $0.0.isFinite && $0.1.isFinite
            }.map { (px($0.0), py($0.1)) }
            out.polyline(points, stroke: line.color, width: 2,
                         dashed: line.dashed)
        }

        for (index, line) in series.enumerated() {
            let y = f.top + 14 + Double(index) * 22
            out.line(f.right + 14, y - 4, f.right + 44, y - 4,
                     stroke: line.color, width: 2.5, dashed: line.dashed)
            out.text(line.name, x: f.right + 50, y: y, size: 13,
                     anchor: .start, bold: false)
        }
    }
}

import Foundation

/// Builds an SVG document element by element; coordinates are written with
/// one decimal, text is XML-escaped.
struct SVGWriter: ChartCanvas {
    private var body: [String] = []
    let width: Int
    let height: Int

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        rect(0, 0, Double(width), Double(height), stroke: nil, fill: .white)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double,
                       _ y2: Double, stroke: RGB, width: Double,
                       dashed: Bool) {
        body.append(
            "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" "
                + "y2=\"\(n(y2))\" stroke=\"\(hex(stroke))\" "
                + "stroke-width=\"\(n(width))\"\(dash(dashed))/>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double,
                       stroke: RGB?, fill: RGB?) {
        let strokeText = stroke.map { " stroke=\"\(hex($0))\"" } ?? ""
        body.append(
            "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" "
                + "height=\"\(n(h))\" fill=\"\(fill.map(hex) ?? "none")\""
                + "\(strokeText)/>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: RGB,
                           width: Double, dashed: Bool) {
        let list = points.map { "\(n($0.0)),\(n($0.1))" }
            .joined(separator: " ")
        body.append(
            "<polyline points=\"\(list)\" fill=\"none\" "
                + "stroke=\"\(hex(stroke))\" stroke-width=\"\(n(width))\" "
                + "stroke-linejoin=\"round\"\(dash(dashed))/>")
    }

    mutating func text(_ text: String, x: Double, y: Double, size: Double,
                       anchor: TextAnchor, bold: Bool) {
        let weight = bold ? " font-weight=\"bold\"" : ""
        body.append(
            "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" "
                + "text-anchor=\"\(anchor.rawValue)\"\(weight)>"
                + "\(SVGWriter.escape(text))</text>")
    }

    mutating func verticalText(_ text: String, x: Double, y: Double,
                               size: Double) {
        body.append(
            "<text x=\"0\" y=\"0\" font-size=\"\(n(size))\" "
                + "text-anchor=\"middle\" transform=\"translate(\(n(x)),"
                + "\(n(y))) rotate(-90)\">\(SVGWriter.escape(text))</text>")
    }

    func finish() -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" "
            + "width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" "
            + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
            + body.joined(separator: "\n") + "\n</svg>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    private func n(_ x: Double) -> String { String(format: "%.1f", x) }

    private func hex(_ color: RGB) -> String {
        String(format: "#%02x%02x%02x", color.r, color.g, color.b)
    }

    private func dash(_ dashed: Bool) -> String {
        dashed ? " stroke-dasharray=\"\(n(chartDash.on)) \(n(chartDash.off))\""
            : ""
    }
}

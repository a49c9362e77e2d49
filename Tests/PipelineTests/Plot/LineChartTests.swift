import XCTest
@testable import Pipeline

final class LineChartTests: XCTestCase {
    let blue = RGB(31, 95, 191)
    let orange = RGB(217, 102, 26)

    func chart() -> LineChart {
        var chart = LineChart(
            title: "loss <per> epoch", xLabel: "epoch", yLabel: "loss",
            series: [
                .init(name: "train", x: [1, 2, 3, 4], y: [2, 1.5, 1.2, 1],
                      color: blue),
                .init(name: "valid", x: [1, 2, 3, 4], y: [2.1, .nan, 1.4, 1.3],
                      color: orange, dashed: true),
            ])
        chart.integerX = true
        chart.subtitle = "test accuracy 75.0%"
        return chart
    }

    func testSVGHoldsTitleLabelsLegendAndOnePointPerEpoch() {
        let svg = chart().svg()
        XCTAssertTrue(svg.hasPrefix("<?xml"))
        XCTAssertTrue(svg.contains(">loss &lt;per&gt; epoch</text>"))
        XCTAssertTrue(svg.contains(">test accuracy 75.0%</text>"))
        XCTAssertTrue(svg.contains(">epoch</text>"))
        XCTAssertTrue(svg.contains("rotate(-90)\">loss</text>"))
        XCTAssertTrue(svg.contains(">train</text>"))
        XCTAssertTrue(svg.contains(">valid</text>"))

        let polylines = svg.components(separatedBy: "\n")
            .filter { $0.hasPrefix("<polyline") }
        XCTAssertEqual(polylines.count, 2)
        func pointCount(_ line: String) -> Int {
            let list = line.components(separatedBy: "points=\"")[1]
                .components(separatedBy: "\"")[0]
            return list.split(separator: " ").count
        }
        XCTAssertEqual(pointCount(polylines[0]), 4)
        XCTAssertEqual(pointCount(polylines[1]), 3, "NaN is left out")
        XCTAssertTrue(polylines[0].contains("stroke=\"#1f5fbf\""))
        XCTAssertTrue(polylines[1].contains("stroke-dasharray"))
        XCTAssertFalse(polylines[0].contains("stroke-dasharray"))
    }

    func testTicksAreLabelledAtRoundNumbers() {
        let c = chart()
        XCTAssertEqual(c.ticks.x.values, [1, 2, 3, 4])
        XCTAssertEqual(c.ticks.y.values, [1, 1.5, 2, 2.5])
        let svg = c.svg()
        for label in ["1.0", "1.5", "2.0", "2.5"] {
            XCTAssertTrue(svg.contains("text-anchor=\"end\">\(label)</text>"),
                          "y tick \(label)")
        }
        for label in ["1", "2", "3", "4"] {
            XCTAssertTrue(
                svg.contains("text-anchor=\"middle\">\(label)</text>"),
                "x tick \(label)")
        }
    }

    func testFirstPointSitsOnTheAxisCorner() {
        // x = 1 is the first x tick and y = 1 the first y tick, so the
        // train line's last point (4, 1) is the frame's bottom-right corner.
        let c = chart()
        let f = c.frame
        let svg = c.svg()
        let corner = String(format: "%.1f,%.1f", f.right, f.bottom)
        XCTAssertTrue(svg.contains(corner), "expected point \(corner)")
    }

    func testRasterChartDrawsTheSeriesColours() {
        let image = chart().raster(zoom: 2)
        XCTAssertEqual(image.width, 1440)
        XCTAssertEqual(image.height, 880)
        let f = chart().frame
        // The train line ends at the frame's bottom-right corner.
        XCTAssertEqual(image[Int(f.right) * 2 - 2, Int(f.bottom) * 2 - 1],
                       blue)
        var colours = 0
        for y in 0..<image.height {
            for x in 0..<image.width where image[x, y] == orange {
                colours += 1
            }
        }
        XCTAssertGreaterThan(colours, 100, "the valid line and its legend")
    }
}

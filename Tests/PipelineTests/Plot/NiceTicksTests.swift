import XCTest
@testable import Pipeline

final class NiceTicksTests: XCTestCase {
    func testUnitRangeStepsByTwoTenths() {
        let ticks = NiceTicks(min: 0, max: 1, count: 5)
        XCTAssertEqual(ticks.step, 0.2)
        XCTAssertEqual(ticks.values.map(ticks.label),
                       ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    func testRangeIsRoundedOutToWholeSteps() {
        let ticks = NiceTicks(min: -3.7, max: 12.2, count: 5)
        XCTAssertEqual(ticks.lower, -5)
        XCTAssertEqual(ticks.upper, 15)
        XCTAssertEqual(ticks.values, [-5, 0, 5, 10, 15])
        XCTAssertEqual(ticks.values.map(ticks.label),
                       ["-5", "0", "5", "10", "15"])
    }

    func testPercentAxis() {
        let ticks = NiceTicks(min: 4.2, max: 81, count: 6)
        // span nice(76.8) = 100; step nice(100 / 5) = 20.
        XCTAssertEqual(ticks.values, [0, 20, 40, 60, 80, 100])
    }

    func testTenthsKeepExactLabels() {
        // 0.3 / 0.1 is 2.9999999999999996: the slack keeps 0.3 as first tick.
        let ticks = NiceTicks(min: 0.3, max: 0.77, count: 6)
        XCTAssertEqual(ticks.step, 0.1, accuracy: 1e-15)
        XCTAssertEqual(ticks.values.map(ticks.label),
                       ["0.3", "0.4", "0.5", "0.6", "0.7", "0.8"])
    }

    func testSmallLossesUseEnoughDecimals() {
        let ticks = NiceTicks(min: 0.012, max: 0.049, count: 5)
        XCTAssertEqual(ticks.step, 0.01, accuracy: 1e-15)
        XCTAssertEqual(ticks.values.map(ticks.label),
                       ["0.01", "0.02", "0.03", "0.04", "0.05"])
    }

    func testIntegerAxisNeverStepsBelowOne() {
        let ticks = NiceTicks(min: 1, max: 3, count: 6, integer: true)
        XCTAssertEqual(ticks.values, [1, 2, 3])
        XCTAssertEqual(ticks.label(2), "2")
    }

    func testEmptySpanIsWidened() {
        XCTAssertEqual(NiceTicks(min: 0, max: 0, count: 5).values,
                       [0, 0.2, 0.4, 0.6, 0.8, 1])
        let ticks = NiceTicks(min: 3, max: 3, count: 5)
        XCTAssertLessThan(ticks.lower, 3)
        XCTAssertGreaterThan(ticks.upper, 3)
    }

    func testNegativeZeroReadsAsZero() {
        let ticks = NiceTicks(min: -1, max: 1, count: 5)
        XCTAssertEqual(ticks.label(-0.0), "0.0")
        XCTAssertEqual(ticks.values.map(ticks.label),
                       ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
    }
}

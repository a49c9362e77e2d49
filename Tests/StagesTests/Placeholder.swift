import XCTest
final class PlaceholderStagesTests: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }

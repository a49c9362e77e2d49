import XCTest
@testable import Pipeline

final class MATFileTests: XCTestCase {
    func testNIST36Train() throws {
        let path = try SharedTestData.path("nist36/nist36_train.mat")
        let start = Date()
        let variables = try MATFile.read(contentsOf: path)
        print("read in", Date().timeIntervalSince(start))
        XCTAssertEqual(variables.map(\.name), ["train_data", "train_labels"])
        XCTAssertEqual(variables[0].shape, [10800, 1024])
        XCTAssertEqual(variables[0].values.type, .float64)
        XCTAssertEqual(variables[1].shape, [10800, 36])
        XCTAssertEqual(variables[1].values.type, .uint8)
    }

    func testNIST26Valid() throws {
        let path = try SharedTestData.path("nist36/nist26_valid_fall2016.mat")
        let variables = try MATFile.read(contentsOf: path)
        for v in variables { print(v.name, v.shape, v.values.type, v.values.doubles().prefix(5)) }
    }
}

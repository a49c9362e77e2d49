import XCTest

@testable import Pipeline

final class IDXFileTests: XCTestCase {
    /// An IDX file: 00 00, the type byte, the rank, dimensions, payload.
    private func idx(_ type: UInt8, _ shape: [UInt32], _ payload: [UInt8])
        -> [UInt8]
    {
        [0, 0, type, UInt8(shape.count)] + shape.flatMap(TestBytes.bigEndian)
            + payload
    }

    func testUInt8PlainAndGzipped() throws {
        let file = idx(0x08, [2, 3], [1, 2, 3, 4, 5, 6])
        let expected = NumericArray(
            shape: [2, 3], values: .uint8([1, 2, 3, 4, 5, 6]))
        XCTAssertEqual(try IDXFile.read(file), expected)
        XCTAssertEqual(
            try IDXFile.read(TestBytes.deflated(file, gzip: true)), expected)
    }

    func testWiderTypesAreBigEndian() throws {
        let floats = idx(
            0x0d, [2],
            TestBytes.bigEndian(Float(1.5).bitPattern)
                + TestBytes.bigEndian(Float(-2).bitPattern))
        XCTAssertEqual(try IDXFile.read(floats).values, .float32([1.5, -2]))
        let shorts = idx(
            0x0b, [1, 2], TestBytes.bigEndian(Int16(-2)) + [1, 0])
        XCTAssertEqual(try IDXFile.read(shorts).values, .int16([-2, 256]))
    }

    func testDamagedFilesAreErrors() {
        XCTAssertThrowsError(try IDXFile.read([1, 0, 8, 1, 0, 0, 0, 0])) {
            XCTAssertEqual(
                "\($0)",
                "not an IDX file: expected it to start with 00 00, found "
                    + "01 00 08 01")
        }
        XCTAssertThrowsError(try IDXFile.read(idx(0x0a, [1], [0]))) {
            XCTAssertEqual(
                "\($0)",
                "unknown IDX element type 0xa; expected 08, 09, 0b, 0c, "
                    + "0d or 0e")
        }
        let file = idx(0x08, [2, 3], [1, 2, 3, 4, 5, 6])
        let cut = Array(file[..<(file.count - 1)])
        XCTAssertThrowsError(try IDXFile.read(cut)) {
            XCTAssertEqual(
                "\($0)",
                "the IDX data needs 6 bytes at byte 12, but the data ends at "
                    + "byte 17")
        }
        XCTAssertThrowsError(try IDXFile.read(file + [0])) {
            XCTAssertEqual(
                "\($0)",
                "the IDX file goes on for 1 bytes after the 6 values its "
                    + "dimensions [2, 3] declare")
        }
        let gzipped = TestBytes.deflated(file, gzip: true)
        for length in 0..<gzipped.count {
            XCTAssertThrowsError(try IDXFile.read(Array(gzipped[..<length])))
        }
        var corrupt = gzipped
        corrupt[gzipped.count - 6] ^= 0xFF  // the CRC-32 in the trailer
        XCTAssertThrowsError(try IDXFile.read(corrupt)) {
            XCTAssertTrue("\($0)".contains("corrupt"), "\($0)")
        }
    }

    func testHugeDimensionsAreRejectedBeforeAllocating() {
        let huge = idx(0x0e, [0xFFFF_FFFF, 0xFFFF_FFFF], [])
        XCTAssertThrowsError(
            try IDXFile.read(TestBytes.deflated(huge, gzip: true))
        ) {
            XCTAssertEqual(
                "\($0)",
                "the IDX dimensions [4294967295, 4294967295] of float64 exceed "
                    + "the limit of \(StreamFormat.maxPayloadBytes) bytes per "
                    + "tensor (set NNPIPE_MAX_TENSOR_BYTES to raise it)")
        }
        // Within the limit, but the data is not there.
        let lying = idx(0x08, [60000, 28, 28], [1, 2, 3])
        XCTAssertThrowsError(
            try IDXFile.read(TestBytes.deflated(lying, gzip: true)))
        XCTAssertThrowsError(try IDXFile.read(lying))
    }

    func testMNISTAndEMNIST() throws {
        // python3 -c "import gzip; d = gzip.open(
        //   't10k-images-idx3-ubyte.gz').read()[16:];
        //   print(list(d[5 * 784 + 400:5 * 784 + 410]))"
        let images = try IDXFile.read(
            contentsOf: SharedTestData.path("mnist/t10k-images-idx3-ubyte.gz"))
        XCTAssertEqual(images.shape, [10000, 28, 28])
        guard case .uint8(let pixels) = images.values else {
            return XCTFail("MNIST images are not uint8")
        }
        XCTAssertEqual(
            Array(pixels[(5 * 784 + 400)..<(5 * 784 + 410)]),
            [0, 0, 0, 0, 0, 163, 254, 238, 28, 0])

        let labels = try IDXFile.read(
            contentsOf: SharedTestData.path("mnist/t10k-labels-idx1-ubyte.gz"))
        XCTAssertEqual(labels.shape, [10000])
        XCTAssertEqual(
            labels.values.floats().prefix(10), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])

        let letters = try IDXFile.read(
            contentsOf: SharedTestData.path(
                "emnist/emnist-balanced-test-labels-idx1-ubyte"))
        XCTAssertEqual(letters.shape, [18800])
        XCTAssertEqual(
            letters.values.floats().prefix(5), [41, 39, 9, 26, 44])
        let part = try IDXFile.read(
            contentsOf: SharedTestData.path(
                "emnist/emnist-balanced-test-images-idx3-ubyte"
                    + ".part-18496-18799.gz"))
        XCTAssertEqual(part.shape, [304, 28, 28])
    }
}

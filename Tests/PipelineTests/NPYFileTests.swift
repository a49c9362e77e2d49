import XCTest

@testable import Pipeline

final class NPYFileTests: XCTestCase {
    /// An NPY file of `version` with header `dict` and `payload`.
    private func npy(_ version: UInt8, _ dict: String, _ payload: [UInt8])
        -> [UInt8]
    {
        let header = Array(dict.utf8) + [10]
        let length =
            version == 1
            ? TestBytes.littleEndian(UInt16(header.count))
            : TestBytes.littleEndian(UInt32(header.count))
        return [0x93] + Array("NUMPY".utf8) + [version, 0] + length + header
            + payload
    }

    func testEncodeMatchesNumpyByteForByte() {
        // python3 -c "import numpy as np, io; b = io.BytesIO();
        //   np.save(b, np.arange(6, dtype=np.float32).reshape(2, 3));
        //   print(b.getvalue()[:128])"
        let header =
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
        let expected =
            [0x93] + Array("NUMPY".utf8) + [1, 0, 0x76, 0]
            + Array(header.utf8) + [UInt8](repeating: 32, count: 58) + [10]
            + (0..<6).flatMap { TestBytes.littleEndian(Float($0).bitPattern) }
        let array = NumericArray(
            shape: [2, 3], values: .float32([0, 1, 2, 3, 4, 5]))
        XCTAssertEqual(NPYFile.encode(array), expected)
    }

    func testRoundTripEveryTypeAndShape() throws {
        let values: [NumericValues] = [
            .uint8([0, 255]), .int8([-128, 127]), .uint16([0, 65535]),
            .int16([-32768, 1]), .uint32([.max, 0]), .int32([.min, -1]),
            .uint64([.max, 1]), .int64([.min, .max]),
            .float32([.infinity, -0.0]),
            .float64([.pi, -1e300]),
        ]
        for value in values {
            let array = NumericArray(shape: [2, 1], values: value)
            let bytes = NPYFile.encode(array)
            XCTAssertEqual(try NPYFile.read(bytes), array)
            XCTAssertEqual((bytes.count - 2 * value.type.byteWidth) % 64, 0)
        }
        for shape in [[], [0], [5], [2, 3, 4], [1, 0, 3]] {
            let count = NumericArray.count(of: shape)!
            let array = NumericArray(
                shape: shape, values: .float64((0..<count).map(Double.init)))
            XCTAssertEqual(try NPYFile.read(NPYFile.encode(array)), array)
        }
    }

    func testVersionsByteOrdersAndFortranOrder() throws {
        let dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }"
        let payload =
            TestBytes.littleEndian(Int32(7)) + TestBytes.littleEndian(Int32(-7))
        for version: UInt8 in [1, 2, 3] {
            XCTAssertEqual(
                try NPYFile.read(npy(version, dict, payload)).values,
                .int32([7, -7]))
        }

        let bigEndian = npy(
            1, "{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }",
            TestBytes.bigEndian(Int32(7)) + TestBytes.bigEndian(Int32(-7)))
        XCTAssertEqual(try NPYFile.read(bigEndian).values, .int32([7, -7]))

        // [[1, 2, 3], [4, 5, 6]] column by column; Python 2 wrote 2L.
        let fortran = npy(
            1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2L, 3L), }",
            [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(
            try NPYFile.read(fortran),
            NumericArray(shape: [2, 3], values: .uint8([1, 2, 3, 4, 5, 6])))

        let bools = npy(
            1,
            "{\"shape\": (3,), \"fortran_order\": False, \"descr\": \"|b1\"}",
            [1, 0, 1])
        XCTAssertEqual(try NPYFile.read(bools).values, .uint8([1, 0, 1]))
    }

    func testDamagedFilesAreErrors() {
        let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"
        let good = npy(1, dict, [UInt8](repeating: 0, count: 16))
        XCTAssertNoThrow(try NPYFile.read(good))
        for length in 0..<good.count {
            XCTAssertThrowsError(try NPYFile.read(Array(good[..<length])))
        }
        XCTAssertThrowsError(try NPYFile.read(good + [0])) {
            XCTAssertEqual(
                "\($0)",
                "the NPY data is 17 bytes, but shape [2] of '<f8' needs 16")
        }
        XCTAssertThrowsError(try NPYFile.read(Array("PK\u{3}\u{4}npyzip".utf8)))
        {
            XCTAssertTrue("\($0)".hasPrefix("not an NPY file"), "\($0)")
        }
        XCTAssertThrowsError(try NPYFile.read(npy(4, dict, []))) {
            XCTAssertEqual(
                "\($0)", "unknown NPY version 4.0; expected 1, 2 or 3")
        }
        let complex = npy(
            1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", [])
        XCTAssertThrowsError(try NPYFile.read(complex)) {
            XCTAssertTrue(
                "\($0)".hasPrefix("NPY dtype '<c8' is not supported"), "\($0)")
        }
        let objects = npy(
            1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", [])
        XCTAssertThrowsError(try NPYFile.read(objects))
        let structured = npy(
            1,
            "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
            [])
        XCTAssertThrowsError(try NPYFile.read(structured))
        let noShape = npy(1, "{'descr': '<f4', 'fortran_order': False}", [])
        XCTAssertThrowsError(try NPYFile.read(noShape)) {
            XCTAssertEqual("\($0)", "the NPY header has no 'shape' tuple")
        }
        let unclosed = npy(
            1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,", [])
        XCTAssertThrowsError(try NPYFile.read(unclosed))
        let negative = npy(
            1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", [])
        XCTAssertThrowsError(try NPYFile.read(negative))
    }

    func testSqueezeNetWeights() throws {
        let directory = try SharedTestData.path(
            "pretrained/squeezenet1.1_onnxzoo_nchw")
        let names = try FileManager.default.contentsOfDirectory(
            atPath: directory
        )
        .filter { $0.hasSuffix(".npy") }
        XCTAssertEqual(names.count, 52)
        var parameters = 0
        for name in names {
            let array = try NPYFile.read(contentsOf: directory + "/" + name)
            XCTAssertEqual(array.values.type, .float32, name)
            parameters += array.values.count
        }
        // python3 -c "import numpy as np, glob; print(sum(np.load(f).size
        //   for f in glob.glob('*.npy')))"
        XCTAssertEqual(parameters, 1_235_496)

        // a[63, 2, 2, 1] and a[1, 0, 2, 0] from np.load.
        let weights = try NPYFile.read(
            contentsOf: directory + "/squeezenet0_conv0_weight.npy")
        XCTAssertEqual(weights.shape, [64, 3, 3, 3])
        let floats = weights.values.floats()
        XCTAssertEqual(
            floats[((63 * 3 + 2) * 3 + 2) * 3 + 1], -0.24215856194496155)
        XCTAssertEqual(
            floats[((1 * 3 + 0) * 3 + 2) * 3 + 0], 0.6257779598236084)
    }

    func testWriteThenReadAFile() throws {
        let path = NSTemporaryDirectory() + "nnpipe-npy-test-\(getpid()).npy"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let array = NumericArray(shape: [3], values: .int64([1, -2, 3]))
        try NPYFile.write(array, to: path)
        XCTAssertEqual(try NPYFile.read(contentsOf: path), array)
        XCTAssertThrowsError(try NPYFile.read(contentsOf: path + ".missing")) {
            XCTAssertEqual(
                "\($0)",
                "cannot open \(path).missing: No such file or directory")
        }
    }
}

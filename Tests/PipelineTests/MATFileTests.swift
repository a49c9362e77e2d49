import XCTest

@testable import Pipeline

/// Builds level 5 MAT-file bytes in either byte order.
private struct MATBuilder {
    var bigEndian: Bool

    // mxCLASS and miTYPE codes used below.
    static let (cellClass, structClass, charClass, sparseClass) = (
        UInt32(1), UInt32(2), UInt32(4), UInt32(5)
    )
    static let (doubleClass, singleClass, int8Class, uint8Class) = (
        UInt32(6), UInt32(7), UInt32(8), UInt32(9)
    )
    static let (uint16Class, int32Class, int64Class, uint64Class) = (
        UInt32(11), UInt32(12), UInt32(14), UInt32(15)
    )
    static let (functionClass, opaqueClass) = (UInt32(16), UInt32(17))
    static let (miINT8, miUINT8, miINT16, miUINT16, miINT32, miUINT32) = (
        UInt32(1), UInt32(2), UInt32(3), UInt32(4), UInt32(5), UInt32(6)
    )
    static let (miSINGLE, miDOUBLE, miINT64, miUINT64) = (
        UInt32(7), UInt32(9), UInt32(12), UInt32(13)
    )

    func encode<Integer: FixedWidthInteger>(_ values: [Integer]) -> [UInt8] {
        values.flatMap {
            bigEndian ? TestBytes.bigEndian($0) : TestBytes.littleEndian($0)
        }
    }

    func encode(_ values: [Double]) -> [UInt8] {
        encode(values.map(\.bitPattern))
    }
    func encode(_ values: [Float]) -> [UInt8] {
        encode(values.map(\.bitPattern))
    }

    func header(version: UInt16 = 0x0100) -> [UInt8] {
        let text = Array("MATLAB 5.0 MAT-file, written by a test".utf8)
        return text + [UInt8](repeating: 32, count: 116 - text.count)
            + [UInt8](repeating: 0, count: 8) + encode([version, 0x4D49])
    }

    /// A tag and `payload`, padded to 8 bytes; with `small`, packed into
    /// the small data element format.
    func element(
        _ type: UInt32, _ payload: [UInt8], small: Bool = false,
        padded: Bool = true
    ) -> [UInt8] {
        if small {
            precondition(payload.count <= 4)
            return encode([UInt32(payload.count) << 16 | type]) + payload
                + [UInt8](repeating: 0, count: 4 - payload.count)
        }
        let padding = padded ? (8 - payload.count % 8) % 8 : 0
        return encode([type, UInt32(payload.count)]) + payload
            + [UInt8](repeating: 0, count: padding)
    }

    func matrix(
        _ name: String, classCode: UInt32, flags: UInt32 = 0, dims: [Int32],
        storage: UInt32, values: [UInt8], small: Bool = false
    ) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        let body =
            element(Self.miUINT32, encode([classCode | flags, 0]))
            + element(Self.miINT32, encode(dims))
            + element(
                Self.miINT8, nameBytes, small: small && nameBytes.count <= 4)
            + element(storage, values, small: small)
        return element(14, body)
    }

    /// The start of a matrix of a class that is rejected after its name.
    func header(of name: String, classCode: UInt32, flags: UInt32 = 0)
        -> [UInt8]
    {
        let dims =
            classCode == Self.opaqueClass
            ? [] : element(Self.miINT32, encode([Int32(1), 1]))
        return element(
            14,
            element(Self.miUINT32, encode([classCode | flags, 0])) + dims
                + element(Self.miINT8, Array(name.utf8)))
    }

    func compressed(_ element: [UInt8]) -> [UInt8] {
        self.element(15, TestBytes.deflated(element), padded: false)
    }
}

final class MATFileTests: XCTestCase {
    private typealias B = MATBuilder

    /// [[1, 2, 3], [4, 5, 6]] as MATLAB stores it, column by column.
    private func twoByThree(_ builder: MATBuilder, name: String = "x")
        -> [UInt8]
    {
        builder.matrix(
            name, classCode: B.doubleClass, dims: [2, 3], storage: B.miDOUBLE,
            values: builder.encode([1.0, 4, 2, 5, 3, 6]))
    }

    private let expected = MATVariable(
        name: "x", shape: [2, 3], values: .float64([1, 2, 3, 4, 5, 6]))

    func testDoubleMatrixComesOutRowMajorInBothByteOrders() throws {
        for bigEndian in [false, true] {
            let builder = MATBuilder(bigEndian: bigEndian)
            let variables = try MATFile.read(
                builder.header() + twoByThree(builder))
            XCTAssertEqual(variables, [expected], "big-endian \(bigEndian)")
        }
    }

    func testCompressedVariablesInBothByteOrders() throws {
        for bigEndian in [false, true] {
            let builder = MATBuilder(bigEndian: bigEndian)
            let labels = builder.matrix(
                "labels", classCode: B.uint8Class, dims: [1, 3],
                storage: B.miUINT8, values: [7, 8, 9])
            let file =
                builder.header() + builder.compressed(twoByThree(builder))
                + builder.compressed(labels)
            let variables = try MATFile.read(file)
            XCTAssertEqual(
                variables,
                [
                    expected,
                    MATVariable(
                        name: "labels", shape: [1, 3],
                        values: .uint8([7, 8, 9])),
                ])
        }
    }

    func testEachClassKeepsItsElementType() throws {
        let builder = MATBuilder(bigEndian: true)
        let file =
            builder.header()
            + builder.matrix(
                "s", classCode: B.singleClass, dims: [1, 2],
                storage: B.miSINGLE,
                values: builder.encode([Float(1.5), -2]))
            + builder.matrix(
                "i8", classCode: B.int8Class, dims: [1, 2], storage: B.miINT8,
                values: builder.encode([Int8.min, 5]))
            + builder.matrix(
                "u16", classCode: B.uint16Class, dims: [1, 2],
                storage: B.miUINT16, values: builder.encode([UInt16.max, 0]))
            + builder.matrix(
                "i64", classCode: B.int64Class, dims: [1, 2],
                storage: B.miINT64,
                values: builder.encode([Int64.min, Int64.max]))
            + builder.matrix(
                "u64", classCode: B.uint64Class, dims: [1, 1],
                storage: B.miUINT64, values: builder.encode([UInt64.max]))
        let values = try MATFile.read(file).map(\.values)
        XCTAssertEqual(
            values,
            [
                .float32([1.5, -2]), .int8([-128, 5]), .uint16([65535, 0]),
                .int64([.min, .max]), .uint64([.max]),
            ])
    }

    func testNarrowStorageIsWidenedToTheClass() throws {
        // MATLAB stores a double array of small integers as miUINT8, here
        // in the small data element format, as it does for 4 bytes or less.
        let builder = MATBuilder(bigEndian: false)
        let file =
            builder.header()
            + builder.matrix(
                "d", classCode: B.doubleClass, dims: [1, 3], storage: B.miUINT8,
                values: [0, 1, 255], small: true)
            + builder.matrix(
                "i", classCode: B.int32Class, dims: [2, 1], storage: B.miINT16,
                values: builder.encode([Int16(-300), 300]))
        XCTAssertEqual(
            try MATFile.read(file),
            [
                MATVariable(
                    name: "d", shape: [1, 3], values: .float64([0, 1, 255])),
                MATVariable(
                    name: "i", shape: [2, 1], values: .int32([-300, 300])),
            ])
    }

    func testStoredValueThatDoesNotFitTheClassIsAnError() {
        let builder = MATBuilder(bigEndian: false)
        let file =
            builder.header()
            + builder.matrix(
                "u", classCode: B.uint8Class, dims: [1, 2], storage: B.miINT16,
                values: builder.encode([Int16(-1), 5]))
        XCTAssertThrowsError(try MATFile.read(file)) {
            XCTAssertEqual(
                "\($0)",
                "variable 'u' of class uint8 stores values as int16 that do "
                    + "not fit uint8")
        }
    }

    func testThreeDimensionalArrayIsRowMajor() throws {
        // Value 100 i + 10 j + k at MATLAB index (i, j, k), 0-based.
        var columnMajor = [Double]()
        for k in 0..<4 {
            for j in 0..<3 {
                for i in 0..<2 {
                    columnMajor.append(Double(100 * i + 10 * j + k))
                }
            }
        }
        var rowMajor = [Double]()
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<4 {
                    rowMajor.append(Double(100 * i + 10 * j + k))
                }
            }
        }
        let builder = MATBuilder(bigEndian: false)
        let file =
            builder.header()
            + builder.compressed(
                builder.matrix(
                    "cube", classCode: B.doubleClass, dims: [2, 3, 4],
                    storage: B.miDOUBLE, values: builder.encode(columnMajor)))
        XCTAssertEqual(
            try MATFile.read(file),
            [
                MATVariable(
                    name: "cube", shape: [2, 3, 4], values: .float64(rowMajor))
            ])
    }

    func testLogicalReadsAsUInt8() throws {
        let builder = MATBuilder(bigEndian: false)
        let file =
            builder.header()
            + builder.matrix(
                "mask", classCode: B.uint8Class, flags: 0x200, dims: [1, 3],
                storage: B.miUINT8, values: [1, 0, 1])
        XCTAssertEqual(try MATFile.read(file).first?.values, .uint8([1, 0, 1]))
    }

    func testUnsupportedClassesAreRejectedByName() {
        let builder = MATBuilder(bigEndian: false)
        let cases: [(UInt32, UInt32, String)] = [
            (
                B.cellClass, 0,
                "is a cell array; only numeric matrices are supported"
            ),
            (
                B.structClass, 0,
                "is a struct; only numeric matrices are supported"
            ),
            (
                B.charClass, 0,
                "is a char array; only numeric matrices are supported"
            ),
            (
                B.sparseClass, 0,
                "is a sparse matrix; only numeric matrices are supported"
            ),
            (
                B.functionClass, 0,
                "is a function handle; only numeric matrices are supported"
            ),
            (
                B.opaqueClass, 0,
                "is an opaque object (a MATLAB class instance); "
                    + "only numeric matrices are supported"
            ),
            (
                B.doubleClass, 0x800,
                "is complex; only real numeric matrices are supported"
            ),
        ]
        for (classCode, flags, reason) in cases {
            let file =
                builder.header()
                + builder.compressed(
                    builder.header(
                        of: "v", classCode: classCode, flags: flags))
            XCTAssertThrowsError(try MATFile.read(file)) {
                XCTAssertEqual("\($0)", "variable 'v' " + reason)
            }
        }
    }

    func testOnlyNamedVariablesAreRead() throws {
        let builder = MATBuilder(bigEndian: false)
        let file =
            builder.header()
            + builder.header(of: "notes", classCode: B.cellClass)
            + twoByThree(builder)
        XCTAssertEqual(try MATFile.read(file, only: ["x"]), [expected])
        XCTAssertEqual(try MATFile.read(file, only: []), [])
        XCTAssertThrowsError(try MATFile.read(file))
    }

    func testDamagedFilesAreErrorsNotCrashes() throws {
        let builder = MATBuilder(bigEndian: false)
        let plain = builder.header() + twoByThree(builder)
        let compressed =
            builder.header() + builder.compressed(twoByThree(builder))
        for file in [plain, compressed] {
            // 128 bytes is a valid header with no variables.
            for length in 0..<file.count where length != 128 {
                XCTAssertThrowsError(
                    try MATFile.read(Array(file[..<length])), "cut at \(length)"
                )
            }
        }
        // Every single-byte change in the compressed data is caught by
        // zlib's checks or by the matrix's own lengths, or is harmless.
        for offset in 128..<compressed.count {
            var damaged = compressed
            damaged[offset] ^= 0x5A
            _ = try? MATFile.read(damaged)
        }
        var corrupt = compressed
        corrupt[140] ^= 0xFF
        XCTAssertThrowsError(try MATFile.read(corrupt)) {
            XCTAssertTrue(
                "\($0)".hasPrefix("compressed variable #1 at byte 128: "),
                "\($0)")
        }
    }

    func testCompressedSizeLimit() {
        let builder = MATBuilder(bigEndian: false)
        let file = builder.header() + builder.compressed(twoByThree(builder))
        XCTAssertThrowsError(try MATFile.read(file, maxBytes: 64)) {
            XCTAssertEqual(
                "\($0)",
                "compressed variable #1 at byte 128: it declares 104 bytes, "
                    + "more than the limit of 64 bytes per tensor "
                    + "(set NNPIPE_MAX_TENSOR_BYTES to raise it)")
        }
    }

    func testHeaderErrors() {
        let builder = MATBuilder(bigEndian: false)
        XCTAssertThrowsError(try MATFile.read(Array(repeating: 0, count: 40))) {
            XCTAssertEqual(
                "\($0)",
                "not a MAT-file: a MATLAB 5 MAT-file starts with a 128-byte "
                    + "header, but the data is 40 bytes long")
        }
        XCTAssertThrowsError(try MATFile.read(Array(repeating: 0, count: 200)))
        {
            XCTAssertTrue("\($0)".hasPrefix("not a MATLAB 5 MAT-file"), "\($0)")
        }
        XCTAssertThrowsError(try MATFile.read(builder.header(version: 0x0200)))
        {
            XCTAssertTrue("\($0)".hasPrefix("a MATLAB 7.3 MAT-file is an HDF5"))
        }
        XCTAssertEqual(try MATFile.read(builder.header()), [])
    }

    /// sum(row) and sum(row[j] * j) of row `row` of a row-major matrix
    /// `width` wide: checks the values and their order.
    private func rowChecksums(
        _ values: NumericValues, width: Int, row: Int
    ) throws -> [Double] {
        guard case .float64(let data) = values else {
            throw XCTSkip("not float64")
        }
        let slice = data[(row * width)..<((row + 1) * width)]
        return [
            slice.reduce(0, +),
            zip(slice, 0...).reduce(0) { $0 + $1.0 * Double($1.1) },
        ]
    }

    /// The column of the largest value in row `row` of a one-hot matrix.
    private func hotColumn(_ values: NumericValues, width: Int, row: Int)
        -> Int?
    {
        let labels = values.doubles()
        let slice = labels[(row * width)..<((row + 1) * width)]
        return slice.firstIndex(of: 1).map { $0 - row * width }
    }

    private func assertClose(
        _ actual: [Double], _ expected: [Double], _ message: String,
        line: UInt = #line
    ) {
        for (a, e) in zip(actual, expected) {
            XCTAssertEqual(a, e, accuracy: abs(e) * 1e-12, message, line: line)
        }
    }

    func testNIST36TrainWrittenByScipy() throws {
        let path = try SharedTestData.path("nist36/nist36_train.mat")
        let variables = try MATFile.read(contentsOf: path)
        XCTAssertEqual(variables.map(\.name), ["train_data", "train_labels"])
        XCTAssertEqual(variables.map(\.shape), [[10800, 1024], [10800, 36]])
        XCTAssertEqual(variables.map(\.values.type), [.float64, .uint8])
        // python3 -c "import scipy.io as s, numpy as np;
        //   m = s.loadmat('nist36_train.mat'); d = m['train_data'];
        //   [print(r, repr(d[r].sum()), repr((d[r] * np.arange(1024)).sum()),
        //   m['train_labels'][r].argmax()) for r in (0, 4321, 10799)]"
        let rows: [(Int, [Double], Int)] = [
            (0, [817.192156862745, 417153.5176470588], 1),
            (4321, [820.521568627451, 422495.7764705882], 7),
            (10799, [827.9176470588235, 444979.39215686277], 0),
        ]
        for (row, sums, label) in rows {
            assertClose(
                try rowChecksums(variables[0].values, width: 1024, row: row),
                sums, "row \(row)")
            XCTAssertEqual(
                hotColumn(variables[1].values, width: 36, row: row), label)
        }
    }

    func testNIST26ValidWrittenByMATLAB() throws {
        let path = try SharedTestData.path("nist36/nist26_valid_fall2016.mat")
        let variables = try MATFile.read(contentsOf: path)
        XCTAssertEqual(variables.map(\.name), ["valid_data", "valid_labels"])
        XCTAssertEqual(variables.map(\.shape), [[1300, 1024], [1300, 26]])
        // The labels are class double stored as miUINT8; scipy reports
        // uint8 unless asked for mat_dtype=True.
        XCTAssertEqual(variables.map(\.values.type), [.float64, .float64])
        // As above, with s.loadmat('nist26_valid_fall2016.mat',
        // mat_dtype=True), 'valid_data' and 'valid_labels'.
        let rows: [(Int, [Double], Int)] = [
            (0, [753.9162794256456, 377006.3487484781], 0),
            (777, [835.677205508237, 420644.4459948337], 15),
            (1299, [787.0643187205899, 405694.60123121925], 25),
        ]
        for (row, sums, label) in rows {
            assertClose(
                try rowChecksums(variables[0].values, width: 1024, row: row),
                sums, "row \(row)")
            XCTAssertEqual(
                hotColumn(variables[1].values, width: 26, row: row), label)
        }
    }
}

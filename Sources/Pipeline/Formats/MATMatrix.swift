extension MATFile {
    /// Decodes the matrix element whose data `reader` spans: array flags,
    /// dimensions, name, then the real part.
    ///
    /// Returns nil for a variable whose name is not in `names`. Values
    /// stored in a narrower type than their class (MATLAB saves a double
    /// array of small integers as miUINT8) are converted to the class's
    /// type, and must fit it exactly.
    static func readMatrix(
        _ reader: inout ByteReader, number: Int, only names: Set<String>?
    ) throws -> MATVariable? {
        let label = "variable #\(number)"
        let flagsElement = try reader.matElement("the array flags of \(label)")
        let flags = try reader.matIntegers(
            flagsElement, "the array flags of \(label)")
        guard flags.count == 2 else {
            throw FormatError(
                "the array flags of \(label) should be 2 words, found "
                    + "\(flags.count)")
        }
        let classCode = UInt32(flags[0] & 0xFF)
        let isComplex = flags[0] & 0x800 != 0
        let matClass = MATClass(rawValue: classCode)

        // An opaque object has no dimensions: its name comes next.
        var shape: [Int] = []
        if matClass != .opaque {
            let dimensions = try reader.matElement(
                "the dimensions of \(label)")
            shape = try reader.matIntegers(
                dimensions, "the dimensions of \(label)")
        }
        let nameElement = try reader.matElement("the name of \(label)")
        let name = String(
            decoding: reader.bytes[nameElement.data], as: UTF8.self)
        if let names, !names.contains(name) { return nil }

        guard let matClass else {
            throw FormatError(
                "variable '\(name)' has unknown array class \(classCode)")
        }
        guard let classType = matClass.numericType else {
            throw FormatError(
                "variable '\(name)' is \(matClass.kind); only numeric "
                    + "matrices are supported")
        }
        guard !isComplex else {
            throw FormatError(
                "variable '\(name)' is complex; only real numeric matrices "
                    + "are supported")
        }
        guard let count = NumericArray.count(of: shape), shape.count >= 1
        else {
            throw FormatError(
                "variable '\(name)' has invalid dimensions \(shape)")
        }

        let real = try reader.matElement("the values of variable '\(name)'")
        guard let storage = MATDataType(rawValue: real.type)?.numericType
        else {
            throw FormatError(
                "variable '\(name)' stores its values as "
                    + "\(MATDataType.describe(real.type)), not as numbers")
        }
        let (size, overflow) = count.multipliedReportingOverflow(
            by: storage.byteWidth)
        guard !overflow, real.data.count == size else {
            throw FormatError(
                "variable '\(name)' is \(sizeText(shape)) = \(count) "
                    + "values, but holds \(real.data.count) bytes of "
                    + "\(storage.rawValue)")
        }

        var values = NumericValues.load(
            storage, from: reader.bytes, range: real.data,
            bigEndian: reader.bigEndian)
        if storage != classType {
            guard let converted = values.converted(to: classType) else {
                throw FormatError(
                    "variable '\(name)' of class \(classType.rawValue) "
                        + "stores values as \(storage.rawValue) that do not "
                        + "fit \(classType.rawValue)")
            }
            values = converted
        }
        return MATVariable(
            name: name, shape: shape,
            values: values.rowMajor(fromColumnMajor: shape))
    }

    /// "1300 x 1024".
    static func sizeText(_ shape: [Int]) -> String {
        shape.map(String.init).joined(separator: " x ")
    }
}

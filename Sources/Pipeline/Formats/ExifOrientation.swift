/// EXIF orientation: how a stored image must be turned to stand upright.
///
/// Values 1-8 as TIFF tag 0x0112 defines them: 1 upright, 2 mirrored left
/// to right, 3 turned 180°, 4 mirrored top to bottom, 5 transposed, 6
/// stored turned 90° anticlockwise (turn it clockwise), 7 transversed, 8
/// stored turned 90° clockwise (turn it anticlockwise).
struct ExifOrientation: Equatable {
    let value: Int

    static let upright = ExifOrientation(value: 1)

    init(value: Int) {
        precondition((1...8).contains(value), "EXIF orientation \(value)")
        self.value = value
    }

    /// Whether width and height trade places.
    var swapsAxes: Bool { value >= 5 }

    /// Where upright pixel (row, column) lies in the stored image, as
    /// `origin + row * rowStep + column * columnStep` in pixels, for a
    /// stored image of `height` x `width`.
    func sourceSteps(
        height: Int, width: Int
    ) -> (origin: Int, rowStep: Int, columnStep: Int) {
        let last = (height - 1) * width  // first pixel of the last row
        switch value {
        case 2: return (width - 1, width, -1)
        case 3: return (last + width - 1, -width, -1)
        case 4: return (last, -width, 1)
        case 5: return (0, 1, width)
        case 6: return (last, 1, -width)
        case 7: return (last + width - 1, -1, -width)
        case 8: return (width - 1, -1, width)
        default: return (0, width, 1)
        }
    }

    /// The orientation in a JPEG's APP1 "Exif" segment, or nil when there
    /// is none. A damaged segment is treated as absent: it never stops an
    /// image from loading.
    static func inJPEG(_ bytes: [UInt8]) -> ExifOrientation? {
        var reader = ByteReader(bytes, bigEndian: true)
        guard (try? reader.read(UInt16.self, "SOI")) == 0xFFD8 else {
            return nil
        }
        // Segments run FF <marker> <length> until the image data (SOS).
        while let prefix = try? reader.read(UInt8.self, "marker"),
            prefix == 0xFF,
            let marker = try? reader.read(UInt8.self, "marker")
        {
            if marker == 0xFF { reader.offset -= 1; continue }  // fill byte
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }
            if marker == 0xDA || marker == 0xD9 { return nil }
            guard let length = try? reader.read(UInt16.self, "length"),
                length >= 2,
                let segment = try? reader.range(Int(length) - 2, "segment")
            else { return nil }
            let exif: [UInt8] = Array("Exif".utf8) + [0, 0]
            if marker == 0xE1, bytes[segment].starts(with: exif) {
                return inTIFF(bytes, segment.dropFirst(6))
            }
        }
        return nil
    }

    /// The orientation in a PNG's eXIf chunk, or nil.
    static func inPNG(_ bytes: [UInt8]) -> ExifOrientation? {
        var reader = ByteReader(bytes, range: min(8, bytes.count)..<bytes.count,
                                bigEndian: true)
        // Chunks: length, type, data, CRC; eXIf must precede IDAT.
        while let length = try? reader.read(UInt32.self, "length"),
            let type = try? reader.take(4, "type"),
            let data = try? reader.range(Int(length), "data"),
            (try? reader.range(4, "CRC")) != nil
        {
            if type == Array("eXIf".utf8) { return inTIFF(bytes, data) }
            if type == Array("IDAT".utf8) { return nil }
        }
        return nil
    }

    /// Tag 0x0112 of IFD0 of the TIFF structure in `bytes[range]`.
    static func inTIFF(
        _ bytes: [UInt8], _ range: Range<Int>
    ) -> ExifOrientation? {
        guard range.count >= 8 else { return nil }
        let order = (bytes[range.lowerBound], bytes[range.lowerBound + 1])
        var reader = ByteReader(bytes, range: range)
        switch order {
        case (0x49, 0x49): reader.bigEndian = false  // "II"
        case (0x4D, 0x4D): reader.bigEndian = true  // "MM"
        default: return nil
        }
        // Offsets count from the start of the TIFF header.
        reader.offset += 2
        guard (try? reader.read(UInt16.self, "magic")) == 42,
            let directory = try? reader.read(UInt32.self, "IFD0 offset"),
            directory <= range.count - 2
        else { return nil }
        reader.offset = range.lowerBound + Int(directory)
        guard let entries = try? reader.read(UInt16.self, "entry count")
        else { return nil }

        for _ in 0..<entries {
            guard let tag = try? reader.read(UInt16.self, "tag"),
                let type = try? reader.read(UInt16.self, "type"),
                let count = try? reader.read(UInt32.self, "count"),
                let value = try? reader.range(4, "value")
            else { return nil }
            guard tag == 0x0112 else { continue }
            // A SHORT, by the standard; some writers use a LONG.
            var field = ByteReader(
                bytes, range: value, bigEndian: reader.bigEndian)
            let orientation: Int? = switch (type, count) {
            case (3, 1): (try? field.read(UInt16.self, "value")).map(Int.init)
            case (4, 1): (try? field.read(UInt32.self, "value")).map(Int.init)
            default: nil
            }
            guard let orientation, (1...8).contains(orientation) else {
                return nil
            }
            return ExifOrientation(value: orientation)
        }
        return nil
    }
}

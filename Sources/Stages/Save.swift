#if canImport(Glibc)
import Glibc
#endif

/// Writes records to PNG, .npy or text files and passes the stream on.
public struct Save: Stage {
    public static let name = "save"
    public static let summary =
        "write images to PNG and other tensors to .npy; the stream passes on"
    public static let help = """
        A path ending in .png writes one image: the record name= names, or \
        else the last record with role image or mask. It must be [H, W] or \
        [H, W, C] with C = 1 grey, 2 grey + alpha, 3 RGB or 4 RGBA; float \
        samples are clamped to 0...1, uint8 and uint16 ones are read as \
        value / 255 and value / 65535. A path ending in .npy writes one \
        record (name=, or else the last) in NumPy's format, element type \
        kept. A path ending in / (or an existing directory) receives every \
        record: images and masks that fit a PNG as <name>.png, text records \
        as <name>.txt, the rest as <name>.npy ('/' in a name becomes '_'). \
        Existing files are replaced. The stream passes on unchanged \
        (dropped when stdout is a terminal).
        """
    public static let parameters: [Parameter] = [
        Parameter(
            "path", .path, default: nil, positional: true,
            help: "a .png or .npy file, or a directory ending in /"),
        Parameter(
            "name", .string, default: "",
            help: "the record to write to a single file"),
        Parameter(
            "bit-depth", .choice(["8", "16"]), default: "8",
            help: "bits per PNG sample"),
    ]
    public static let isSink = true

    enum Target {
        case png(String)
        case npy(String)
        case directory(String)
    }

    let target: Target
    let name: String?
    let bitDepth: Int

    public init(_ arguments: Arguments) throws {
        let path = arguments.string("path")
        let name = arguments.string("name")
        self.name = name.isEmpty ? nil : name
        bitDepth = arguments.int("bit-depth")

        var status = stat()
        let isDirectory =
            stat(path, &status) == 0
            && status.st_mode & S_IFMT == S_IFDIR
        if path.hasSuffix("/") || isDirectory {
            target = .directory(path.hasSuffix("/") ? path : path + "/")
        } else if path.lowercased().hasSuffix(".png") {
            target = .png(path)
        } else if path.lowercased().hasSuffix(".npy") {
            target = .npy(path)
        } else {
            throw StageError.usage(
                "cannot tell what to write to '\(path)': end it in .png or "
                    + ".npy, or in / for a directory")
        }
        if case .directory = target, self.name != nil {
            throw StageError.usage(
                "name= picks the record for one file, but '\(path)' is a "
                    + "directory, which receives every record")
        }
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        switch target {
        case .png(let path):
            let image = try pick(
                from: records, what: "an image or mask for \(path)"
            ) {
                $0.role == "image" || $0.role == "mask"
            }
            try FileBytes.store(
                try Save.png(image, bitDepth: bitDepth), to: path)
        case .npy(let path):
            let record = try pick(from: records, what: "a record for \(path)") {
                _ in true
            }
            try NPYFile.write(Save.array(record), to: path)
        case .directory(let directory):
            for record in records {
                try write(record, into: directory)
            }
        }
        return records
    }

    /// With name=, the runner checks that the record is there.
    public var expectedInputs: [InputSpec] {
        name.map { [InputSpec(name: $0)] } ?? []
    }

    /// The record `name=` names, or the last that `matches`.
    private func pick(
        from records: [Record], what: String, matching matches: (Record) -> Bool
    ) throws -> Record {
        if let name, let record = records.named(name) { return record }
        guard let record = records.last(where: matches) else {
            let names = records.map { "\($0.name) (\($0.role ?? "no role"))" }
            throw StageError.runtime(
                "expected \(what) in the input, but the stream holds "
                    + (names.isEmpty
                        ? "nothing" : names.joined(separator: ", ")))
        }
        return record
    }

    private func write(_ record: Record, into directory: String) throws {
        let base =
            directory + record.name.replacingOccurrences(of: "/", with: "_")
        if record.role == "text", let text = record.text {
            try FileBytes.store(Array(text.utf8), to: base + ".txt")
        } else if record.role == "image" || record.role == "mask",
            (try? Save.pngLayout(record)) != nil
        {
            try FileBytes.store(
                try Save.png(record, bitDepth: bitDepth), to: base + ".png")
        } else {
            try NPYFile.write(Save.array(record), to: base + ".npy")
        }
    }

    static func array(_ record: Record) -> NumericArray {
        NumericArray(shape: record.shape, values: NumericValues(record.data))
    }

    /// Height, width and channels of a record that can be a PNG.
    static func pngLayout(_ record: Record) throws -> (Int, Int, Int) {
        let shape = record.shape
        guard
            shape.count == 2 || (shape.count == 3 && (1...4).contains(shape[2]))
        else {
            throw StageError.runtime(
                "cannot write \(record.summary) as PNG: expected [H, W] or "
                    + "[H, W, C] with C from 1 to 4")
        }
        return (shape[0], shape[1], shape.count == 3 ? shape[2] : 1)
    }

    static func png(_ record: Record, bitDepth: Int) throws -> [UInt8] {
        let (height, width, channels) = try pngLayout(record)
        let samples: [Float]
        switch record.data {
        case .float32(let values): samples = values
        case .float64, .uint8, .uint16:
            let scale: Float =
                record.dtype == .uint8
                ? 255
                : record.dtype == .uint16 ? 65535 : 1
            samples = record.data.floats.map { $0 / scale }
        case .int32, .int64:
            throw StageError.runtime(
                "cannot write \(record.summary) as PNG: expected float "
                    + "samples in 0...1 or uint8/uint16")
        }
        return try ImageCodec.encodePNG(
            samples, height: height, width: width, channels: channels,
            bitDepth: bitDepth)
    }
}

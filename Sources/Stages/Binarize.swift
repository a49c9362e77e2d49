/// Photo → ink mask: black ink (0) on white paper (1).
public struct Binarize: Stage {
    public static let name = "binarize"
    public static let summary =
        "photo to ink mask (0 ink, 1 paper) by local adaptive thresholding"
    public static let help = """
        Reads the last image (float32 [H, W] or [H, W, C], samples 0...1) \
        and emits 'ink', float32 [H, W] with role mask: 0 where there is \
        ink, 1 for paper, with the attribute stroke-width= (pixels, \
        measured). Grey is the darkest colour channel, so coloured ink \
        counts. The paper level is taken locally (a maximum over windows \
        of 1/50 of the longer side, or four stroke widths when strokes are \
        wider), darkness is the contrast to it, blurred; the strong \
        threshold is Otsu's over the pixels above the noise floor, and ink \
        is every component above half of it that reaches it somewhere. \
        Opening, closing and dilation radii are fractions of the measured \
        stroke width. A uniform (blank), all-black or tiny image is an \
        error; a page without writing gives an all-paper mask and a line \
        saying why no ink was found (light writing on a dark ground, an \
        inverted photo, is not read). The input records pass on.
        """
    public static let parameters: [Parameter] = [
        Parameter(
            "open", .double, default: "0.15", range: 0...4,
            help: "opening radius, in stroke widths"),
        Parameter(
            "close", .double, default: "0.3", range: 0...4,
            help: "closing radius, in stroke widths"),
        Parameter(
            "dilate", .double, default: "0", range: 0...4,
            help: "extra dilation radius, in stroke widths"),
        Parameter(
            "min-size", .int, default: "32", range: 1...65536,
            help: "the smallest width or height accepted, pixels"),
    ]
    public static let inputs = [InputSpec(role: "image", ranks: 2...3)]

    let binarizer: Binarizer
    let minSize: Int

    public init(_ arguments: Arguments) throws {
        var binarizer = Binarizer()
        binarizer.openingFraction = arguments.double("open")
        binarizer.closingFraction = arguments.double("close")
        binarizer.dilationFraction = arguments.double("dilate")
        self.binarizer = binarizer
        minSize = arguments.int("min-size")
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        let image = Self.inputs[0].pick(from: records)!
        let images = records.filter(Self.inputs[0].finds)
        if images.count > 1 {
            context.log(
                "the stream holds \(images.count) images; binarize reads "
                    + "the last, \(image.name), and passes the others on "
                    + "unread (run one photo per pipeline)")
        }
        let grey = try Binarize.grey(image, minSize: minSize)
        let result = binarizer.binarize(grey)
        var attributes: [String: String] = [:]
        if let source = image.attributes["source"] {
            attributes["source"] = source
        }
        if let stroke = result.strokeWidth {
            attributes["stroke-width"] = String(format2(stroke))
        }
        let inkShare = 100 * Double(result.mask.inkCount)
            / Double(max(1, result.mask.ink.count))
        if !result.foundSplit {
            context.log(Binarize.whyNoInk(noiseFloor: result.noiseFloor))
        } else {
            context.log(
                "stroke width \(result.strokeWidth.map(format2) ?? "-") px, "
                    + "darkness thresholds \(format2(result.weakThreshold))/"
                    + "\(format2(result.strongThreshold)), ink "
                    + "\(format2(inkShare))%")
        }
        let paper = result.mask.ink.parallelMap { $0 != 0 ? Float(0) : 1 }
        var output = records
        output.put(Record(
            name: "ink", role: "mask", attributes: attributes,
            shape: [grey.height, grey.width], data: .float32(paper)))
        return output
    }

    /// Why no ink was found, when the darkness did not split: a noise
    /// floor at half the paper level or above means most pixels are far
    /// darker than the paper around them, i.e. light writing on a dark
    /// ground (an inverted photo), which binarize does not read.
    static func whyNoInk(noiseFloor: Float) -> String {
        noiseFloor >= 0.5
            ? "no ink: most of the image is darker than its paper "
                + "(noise floor \(format2(noiseFloor))); light writing on a "
                + "dark ground is not read, invert the photo first"
            : "no ink: no darkness stands clear of the paper's noise "
                + "(noise floor \(format2(noiseFloor))); a page without "
                + "writing"
    }

    /// The darkest channel of an image record, after the checks that make
    /// a bad photo one clear message.
    static func grey(_ image: Record, minSize: Int) throws -> Plane {
        let (height, width) = (image.shape[0], image.shape[1])
        let channels = image.rank == 3 ? image.shape[2] : 1
        guard (1...4).contains(channels) else {
            throw StageError.runtime(
                "\(image.summary): expected 1 to 4 channels")
        }
        guard height >= minSize && width >= minSize else {
            throw StageError.runtime(
                "image \(height)x\(width) is too small to read text from "
                    + "(min-size=\(minSize) pixels a side)")
        }
        let grey = Plane.darkestChannel(
            of: image.data.floats, height: height, width: width,
            channels: channels)
        var (low, high) = (Float.infinity, -Float.infinity)
        for value in grey.pixels {
            guard value.isFinite else {
                throw StageError.runtime(
                    "\(image.summary) holds NaN or infinite samples")
            }
            low = min(low, value)
            high = max(high, value)
        }
        if high <= 0.1 {
            throw StageError.runtime(
                "image is all black (brightest sample \(format2(high))): no "
                    + "paper to read ink from")
        }
        if high - low < 2.0 / 255 {
            throw StageError.runtime(
                "image is blank (every sample \(format2(low))...\(format2(high)))")
        }
        return grey
    }
}

/// A number with at most two decimals, for attributes and messages.
func format2<T: BinaryFloatingPoint>(_ value: T) -> String {
    let rounded = (Double(value) * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded))
        : String(rounded)
}

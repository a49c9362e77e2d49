import Foundation

/// Draws records of the stream into figure files and passes the stream on.
public struct Plot: Stage {
    public static let name = "plot"
    public static let summary =
        "draw training curves, weight grids and confusion matrices to files"
    public static let help = """
        kind=curves: a history [epochs, 5] (columns found by the words in \
        its columns= attribute, e.g. epoch,train_loss,train_accuracy,\
        valid_loss,valid_accuracy; accuracies in 0...1 are drawn in \
        percent) becomes OUT-accuracy.svg and OUT-loss.svg (and .png), \
        train and valid per epoch. test= names a confusion matrix or an \
        accuracy written under the titles.

        kind=grid: small images as a PNG grid. For a [P, T] matrix \
        tiles=columns makes column t tile t (layer0.weight [1024, 64]: 64 \
        tiles); the record's input attribute (32x32 column-major) or tile= \
        and pixels= give the tile size and how its values are stored \
        (column-major: element c*H+r is pixel (r, c)). A rank-3 input \
        [T, H, W] is drawn slice by slice, row-major. scaling=tile \
        stretches each tile to its own min..max, and the title says so.

        kind=confusion: a [K, K] count matrix (row = true class, column = \
        predicted) becomes a PNG with class labels and a colour bar; OUT \
        with .txt for .png gets the accuracy and the most confused pairs, \
        which also go to stderr.

        kind=classimages: two sets of K images [K, H, W] side by side, one \
        row per class: input= (templates from inspect, scaled as scaling= \
        says) beside beside= (exemplars, drawn as they are).

        Class names come from labels= or the input's classes attribute \
        (comma-separated, or one character per class), else numbers. \
        Folders are made as needed. The stream passes on unchanged.
        """
    public static let parameters: [Parameter] = [
        Parameter("kind", .choice(Kind.allCases.map(\.rawValue)),
                  default: nil, help: "what to draw"),
        Parameter("input", .string, default: nil,
                  help: "the record to draw, by name"),
        Parameter("out", .path, default: nil,
                  help: "the file to write (curves: the stem of two files)"),
        Parameter("title", .string, default: "",
                  help: "the figure's title (empty: from the input's name)"),
        Parameter("test", .string, default: "",
                  help: "curves: a confusion matrix or scalar accuracy "
                      + "whose accuracy goes under the title"),
        Parameter("png", .bool, default: "true",
                  help: "curves: write a PNG of each chart beside the SVG"),
        Parameter("tile", .intList, default: "32,32", range: 1...4096,
                  help: "grid: tile height,width in pixels"),
        Parameter("tiles", .choice(["columns", "rows"]), default: "columns",
                  help: "grid: which axis of a matrix counts the tiles"),
        Parameter("pixels", .choice(["column-major", "row-major"]),
                  default: "column-major",
                  help: "grid: how a tile's values are stored"),
        Parameter("scaling", .choice(TileScaling.allCases.map(\.rawValue)),
                  default: "tile",
                  help: "grid, classimages: per tile, global or no "
                      + "min..max stretch"),
        Parameter("columns", .int, default: "0", range: 0...4096,
                  help: "grid: tiles per row (0: about square)"),
        Parameter("scale", .int, default: "4", range: 1...32,
                  help: "grid, classimages: output pixels per image pixel"),
        Parameter("gap", .int, default: "4", range: 0...64,
                  help: "grid, classimages: pixels between tiles"),
        Parameter("labels", .string, default: "",
                  help: "confusion, classimages: class names, "
                      + "comma-separated or one character each"),
        Parameter("pairs", .int, default: "10", range: 0...10_000,
                  help: "confusion: how many confused pairs to list"),
        Parameter("counts", .bool, default: "true",
                  help: "confusion: write the count in each non-zero cell"),
        Parameter("beside", .string, default: "exemplars",
                  help: "classimages: the images drawn beside input="),
    ]
    public static let isSink = true

    enum Kind: String, CaseIterable {
        case curves, grid, confusion, classimages
    }

    /// Which kinds read each kind-specific parameter.
    static let usedBy: [String: [Kind]] = [
        "test": [.curves], "png": [.curves],
        "scaling": [.grid, .classimages], "gap": [.grid, .classimages],
        "scale": [.grid, .classimages],
        "tile": [.grid], "pixels": [.grid], "tiles": [.grid],
        "columns": [.grid],
        "labels": [.confusion, .classimages],
        "pairs": [.confusion], "counts": [.confusion],
        "beside": [.classimages],
    ]

    let kind: Kind
    let arguments: Arguments

    public init(_ arguments: Arguments) throws {
        kind = Kind(rawValue: arguments.string("kind"))!
        for (parameter, kinds) in Plot.usedBy.sorted(by: { $0.key < $1.key })
        where arguments.isSet(parameter) && !kinds.contains(kind) {
            throw StageError.usage(
                "\(parameter)= applies to kind="
                    + kinds.map(\.rawValue).joined(separator: "|")
                    + ", not kind=\(kind.rawValue)")
        }
        if arguments.intList("tile").count != 2 {
            throw StageError.usage(
                "tile=\(arguments.string("tile")) needs two sizes: "
                    + "height,width")
        }
        try Plot.checkExtension(of: arguments.string("out"), kind: kind)
        self.arguments = arguments
    }

    /// Refuses an out= whose extension says another format than the kind
    /// writes: curves writes OUT-accuracy.svg and OUT-loss.svg (a stem,
    /// or a name ending in .svg), the other kinds one PNG (.png).
    static func checkExtension(of out: String, kind: Kind) throws {
        let ext = (out as NSString).pathExtension.lowercased()
        switch kind {
        case .curves:
            let images = ["png", "jpg", "jpeg", "gif", "pdf", "txt"]
            guard !images.contains(ext) else {
                throw StageError.usage(
                    "out=\(out): kind=curves writes OUT-accuracy.svg and "
                        + "OUT-loss.svg; give a stem, or a name ending in .svg")
            }
        case .grid, .confusion, .classimages:
            guard ext == "png" else {
                throw StageError.usage(
                    "out=\(out): kind=\(kind.rawValue) writes a PNG image; "
                        + "end the name in .png")
            }
        }
    }

    var input: String { arguments.string("input") }
    var out: String { arguments.string("out") }

    public var expectedInputs: [InputSpec] {
        switch kind {
        case .curves:
            let test = arguments.string("test")
            return [InputSpec(name: input, ranks: 2...2)]
                + (test.isEmpty ? [] : [InputSpec(name: test, ranks: 0...2)])
        case .grid:
            return [InputSpec(name: input, ranks: 2...3)]
        case .confusion:
            return [InputSpec(name: input, ranks: 2...2)]
        case .classimages:
            return [InputSpec(name: input, ranks: 3...3),
                    InputSpec(name: arguments.string("beside"), ranks: 3...3)]
        }
    }

    public func run(_ records: [Record], context: StageContext) throws -> [Record] {
        switch kind {
        case .curves: try drawCurves(records, context: context)
        case .grid: try write(gridFigure(records), context: context)
        case .confusion: try drawConfusion(records, context: context)
        case .classimages:
            try write(classImagesFigure(records), context: context)
        }
        return records
    }

    /// The record a checked input spec names; `Pipeline.check` has made
    /// sure it is there, but a direct `run` call may skip the check.
    func record(_ name: String, in records: [Record]) throws -> Record {
        guard let record = records.named(name) else {
            throw StageError.runtime("no record '\(name)' in the input")
        }
        return record
    }

    /// The class names for `count` classes: labels=, else the record's
    /// `classes` attribute, else 0, 1, 2, ...
    func classNames(count: Int, from record: Record) throws -> [String] {
        let given = arguments.string("labels")
        let text = given.isEmpty ? record.attributes["classes"] ?? "" : given
        if text.isEmpty { return (0..<count).map(String.init) }
        let names = ConfusionMatrix.classNames(text)
        guard names.count == count else {
            let source = given.isEmpty ? "\(record.name)'s classes attribute"
                : "labels="
            throw StageError.runtime(
                "\(source) names \(names.count) classes, but "
                    + "\(record.summary) has \(count)")
        }
        return names
    }

    /// The figure's title: title=, else `fallback`.
    func title(or fallback: String) -> String {
        let given = arguments.string("title")
        return given.isEmpty ? fallback : given
    }

    func wrote(_ path: String, _ what: String, context: StageContext) {
        context.log("wrote \(path) (\(what))")
    }
}

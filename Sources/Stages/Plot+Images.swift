import Foundation

/// kind=grid and kind=classimages: small images as PNG grids.
extension Plot {
    var scaling: TileScaling {
        TileScaling(rawValue: arguments.string("scaling"))!
    }

    /// What the scaling does, for the figure's title.
    var scalingNote: String {
        switch scaling {
        case .tile: return "each tile scaled to its own min..max"
        case .global: return "scaled to the min..max of all tiles"
        case .none: return "values 0..1 as black..white"
        }
    }

    /// tile=, tiles= and pixels= as a layout for a [P, T] or [T, P] matrix.
    func layout(axis: TileLayout.Axis) -> TileLayout {
        let size = arguments.intList("tile")
        return TileLayout(
            height: size[0], width: size[1], axis: axis,
            order: TileLayout.PixelOrder(rawValue: arguments.string("pixels"))!)
    }

    /// The tiles of `record`: its [H, W] slices when rank 3, else cut out
    /// of the matrix by `layout`, whose tile size must fit.
    func tiles(of record: Record, layout: TileLayout) throws
        -> (tiles: [[Float]], height: Int, width: Int)
    {
        let values = record.data.floats
        if record.rank == 3 {
            let (height, width) = (record.shape[1], record.shape[2])
            let size = height * width
            let tiles = (0..<record.shape[0]).map {
                Array(values[($0 * size)..<(($0 + 1) * size)])
            }
            return (tiles, height, width)
        }
        let pixels = layout.axis == .columns ? record.shape[0] : record.shape[1]
        guard pixels == layout.height * layout.width else {
            throw StageError.runtime(
                "\(record.summary): \(pixels) values per tile (one "
                    + "\(layout.axis == .columns ? "column" : "row")) do not "
                    + "make a \(layout.height)x\(layout.width) tile; set tile=")
        }
        return (layout.tiles(from: values, shape: record.shape),
                layout.height, layout.width)
    }

    func drawGrid(_ records: [Record], context: StageContext) throws {
        let record = try record(input, in: records)
        let axis = TileLayout.Axis(rawValue: arguments.string("tiles"))!
        let (tiles, height, width) = try tiles(of: record,
                                               layout: layout(axis: axis))
        guard !tiles.isEmpty else {
            throw StageError.runtime("\(record.summary) holds no tiles")
        }
        var columns = arguments.int("columns")
        if columns == 0 {
            columns = Int(Double(tiles.count).squareRoot().rounded(.up))
        }
        var grid = ImageGrid(tiles: scaling.apply(tiles), tileHeight: height,
                             tileWidth: width, columns: columns)
        grid.scale = arguments.int("scale")
        grid.gap = arguments.int("gap")
        grid.title = [
            title(or: input),
            "\(tiles.count) tiles \(height)x\(width), \(scalingNote)",
        ]
        let image = grid.render()
        try image.writePNG(to: out)
        wrote(out, "\(tiles.count) tiles, \(image.width)x\(image.height)",
              context: context)
    }

    func drawClassImages(_ records: [Record], context: StageContext) throws {
        let outputs = try record(input, in: records)
        let data = try record(arguments.string("data"), in: records)
        let names = arguments.string("weights").split(separator: ",")
            .map(String.init)
        let first = try record(names[0], in: records)
        let second = try record(names[1], in: records)
        let classCount = outputs.shape[1]
        guard first.shape[1] == second.shape[0],
            second.shape[1] == classCount,
            data.shape[0] == outputs.shape[0]
        else {
            throw StageError.runtime(
                "shapes do not chain: \(first.summary), \(second.summary) "
                    + "give \(second.shape[1]) outputs; \(outputs.summary) "
                    + "for \(data.summary)")
        }
        let classes = arguments.intList("classes")
        if let bad = classes.first(where: { $0 >= classCount }) {
            throw StageError.runtime(
                "classes= holds \(bad), but there are \(classCount) classes")
        }
        let labels = try classNames(count: classCount, from: outputs)

        // one-hot(i)·W2ᵀ·W1ᵀ is row i of (W1·W2)ᵀ: column i of W1·W2.
        let product = matmul(tensor(first), tensor(second))
        let productTiles = try tiles(
            of: Record(name: "W1·W2", shape: product.shape,
                       data: .float32(product.scalars)),
            layout: layout(axis: .columns))
        let dataTiles = try tiles(of: data, layout: layout(axis: .rows))
        guard productTiles.height * productTiles.width
            == dataTiles.height * dataTiles.width
        else {
            throw StageError.runtime(
                "\(data.summary) images are not the size of W1's columns")
        }

        let scores = outputs.data.floats
        let weightTiles = scaling.apply(classes.map { productTiles.tiles[$0] })
        var tiles: [[Float]] = []
        for (k, i) in classes.enumerated() {
            let best = (0..<outputs.shape[0]).max {
                scores[$0 * classCount + i] < scores[$1 * classCount + i]
            }!
            context.log(
                "class \(labels[i]): valid row \(best), output "
                    + String(format: "%.3f", scores[best * classCount + i]))
            tiles.append(weightTiles[k])
            tiles.append(dataTiles.tiles[best])
        }
        var grid = ImageGrid(tiles: tiles, tileHeight: productTiles.height,
                             tileWidth: productTiles.width, columns: 2)
        grid.scale = arguments.int("scale")
        grid.gap = arguments.int("gap")
        grid.rowLabels = classes.map { labels[$0] }
        grid.columnHeaders = ["weights", "top valid"]
        grid.title = [
            title(or: "class images"),
            "left: one-hot(i) W2T W1T, \(scalingNote)",
            "right: the \(data.name) image with the highest output i",
        ]
        let image = grid.render()
        try image.writePNG(to: out)
        wrote(out, "\(classes.count) classes, \(image.width)x\(image.height)",
              context: context)
    }

    private func tensor(_ record: Record) -> Tensor {
        Tensor(shape: record.shape, scalars: record.data.floats)
    }
}

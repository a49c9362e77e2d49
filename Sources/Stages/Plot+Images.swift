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
    /// When neither tile= nor pixels= is given, a model's `input`
    /// attribute (`32x32 column-major, ...`) gives them.
    func layout(axis: TileLayout.Axis, of record: Record) -> TileLayout {
        let given = arguments.isSet("tile") || arguments.isSet("pixels")
        if !given, let text = record.attributes["input"],
            let (height, width, order) = TileLayout.parse(text)
        {
            return TileLayout(height: height, width: width, axis: axis,
                              order: order)
        }
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

    /// kind=grid: the tiles of input=, scaled, about square unless
    /// columns= says otherwise.
    func gridFigure(_ records: [Record]) throws -> ImageGrid {
        let record = try record(input, in: records)
        let axis = TileLayout.Axis(rawValue: arguments.string("tiles"))!
        let (tiles, height, width) = try tiles(
            of: record, layout: layout(axis: axis, of: record))
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
        return grid
    }

    /// kind=classimages: input= and beside= side by side, a row per class.
    func classImagesFigure(_ records: [Record]) throws -> ImageGrid {
        let templates = try record(input, in: records)
        let beside = try record(arguments.string("beside"), in: records)
        guard templates.rank == 3, templates.shape == beside.shape else {
            throw StageError.runtime(
                "\(templates.summary) and \(beside.summary) must both be "
                    + "[K, H, W] images of one shape")
        }
        let (count, height, width) =
            (templates.shape[0], templates.shape[1], templates.shape[2])
        let labels = try classNames(count: count, from: templates)
        let left = try tiles(of: templates, layout: layout(axis: .rows,
                                                           of: templates))
        let right = try tiles(of: beside, layout: layout(axis: .rows,
                                                         of: beside))

        let scaled = scaling.apply(left.tiles)
        var grid = ImageGrid(
            tiles: (0..<count).flatMap { [scaled[$0], right.tiles[$0]] },
            tileHeight: height, tileWidth: width, columns: 2)
        grid.scale = arguments.int("scale")
        grid.gap = arguments.int("gap")
        grid.rowLabels = labels
        grid.columnHeaders = [input, beside.name]
        grid.title = [
            title(or: "class images"),
            "left: \(input), \(scalingNote)",
            "right: \(beside.name), as they are (0 black, 1 white)",
        ]
        return grid
    }

    /// Renders a grid to out= and says so.
    func write(_ grid: ImageGrid, context: StageContext) throws {
        let image = grid.render()
        try image.writePNG(to: out)
        wrote(out, "\(grid.tiles.count) tiles, \(image.width)x\(image.height)",
              context: context)
    }
}

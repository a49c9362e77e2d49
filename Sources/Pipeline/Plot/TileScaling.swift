/// How tile values are brought into 0...1 (black...white) for display.
///
/// - `tile`: each tile's own minimum..maximum becomes 0...1, so a tile of
///   small weights is as visible as one of large weights (contrast between
///   tiles is lost).
/// - `global`: the minimum..maximum over all tiles becomes 0...1.
/// - `none`: values are shown as they are, clamped to 0...1 (images).
///
/// A constant tile (or set) becomes 0.5; NaN and infinities are ignored
/// when finding the range and stay as they are (drawn mid-grey or clamped).
public enum TileScaling: String, CaseIterable, Sendable {
    case tile, global, none

    public func apply(_ tiles: [[Float]]) -> [[Float]] {
        switch self {
        case .none:
            return tiles
        case .tile:
            return tiles.map { TileScaling.stretch($0, range($0)) }
        case .global:
            let whole = range(tiles.flatMap { $0 })
            return tiles.map { TileScaling.stretch($0, whole) }
        }
    }

    /// The finite minimum and maximum, or nil when there are none.
    private func range(_ values: [Float]) -> (Float, Float)? {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else {
            return nil
        }
        return (low, high)
    }

    private static func stretch(_ values: [Float],
                                 _ range: (Float, Float)?) -> [Float] {
        guard let (low, high) = range else { return values }
        guard high > low else {
            return values.map { $0.isFinite ? 0.5 : $0 }
        }
        return values.map { ($0 - low) / (high - low) }
    }
}

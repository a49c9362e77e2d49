/// A sequential colour scale: 0 maps to the first anchor colour, 1 to the
/// last, values between to a straight line in RGB between the two nearest
/// anchors (anchors are evenly spaced).
///
/// Values outside 0...1 are clamped; NaN maps to the first colour.
public struct Colormap: Sendable {
    public let anchors: [RGB]

    public init(anchors: [RGB]) {
        precondition(anchors.count >= 2,
                     "[colormap] needs at least two anchor colours")
        self.anchors = anchors
    }

    /// White through yellow and orange to red and a dark plum: zero cells
    /// stay white, so a sparse matrix reads at a glance.
    public static let heat = Colormap(anchors: [
        RGB(255, 255, 255), RGB(252, 228, 140), RGB(245, 150, 60),
        RGB(200, 50, 40), RGB(90, 15, 60),
    ])

    public func color(_ value: Double) -> RGB {
        let t = value.isNaN ? 0 : min(max(value, 0), 1)
        let position = t * Double(anchors.count - 1)
        let index = min(Int(position), anchors.count - 2)
        let fraction = position - Double(index)
        let (a, b) = (anchors[index], anchors[index + 1])
        func mix(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8((Double(x) + (Double(y) - Double(x)) * fraction).rounded())
        }
        return RGB(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b))
    }
}

/// The local paper brightness of a photo.
///
/// Ink is darker than the paper around it, so the paper level is the
/// maximum over a window a few strokes wide: the grey image's maximum
/// over blocks of window/4, the maximum again over 5 x 5 blocks (about
/// the window), smoothed by a 5 x 5 mean twice and enlarged back
/// bilinearly. Shadows and uneven light move this level; ink's contrast
/// to it stays.
public struct PaperLevels {
    /// Paper darker than this fraction of the bright paper is no paper.
    public static let darkPaper: Float = 0.4

    public let paper: Plane
    /// `darkPaper` times the page's bright paper (the 90th percentile of
    /// the level): below it the photo shows a desk or a deep shadow.
    public let darkest: Float

    public init(_ grey: Plane, window: Int) {
        let f = max(1, window / 4)
        let small = grey.blockMaximum(factor: f).maximumFilter(radius: 2)
            .boxMean(radius: 2).boxMean(radius: 2)
        paper = small.enlarged(factor: f, width: grey.width, height: grey.height)
        let sorted = small.pixels.sorted()
        let bright = sorted.isEmpty ? 1 : sorted[sorted.count * 9 / 10]
        darkest = PaperLevels.darkPaper * bright
    }
}

import Foundation

/// Turns a photo of a handwritten page into an ink mask.
///
/// The steps, each sized from the image itself:
/// 1. grey = the darkest colour channel (`Plane.darkestChannel`);
/// 2. paper = the local paper brightness (`PaperLevels`): a maximum over
///    windows a few strokes wide, so shadows and uneven light move it
///    while ink's contrast to it stays;
/// 3. darkness = (paper - grey) / paper, smoothed by a box mean of 1/20
///    of the window against sensor noise: 0 on paper, about 0.2–0.8 on
///    ink whatever the light. Where the paper level is under 0.4 of the
///    page's bright paper the photo shows no paper (a desk, a deep
///    shadow): no ink is looked for there, and those pixels stay out of
///    the thresholds;
/// 4. hysteresis threshold: a weak threshold makes candidate components
///    and only those reaching the strong one stay, so a faint stroke end
///    stays with its stroke while faint marks of their own (half-erased
///    writing, paper texture) go. The strong threshold is Otsu's on the
///    darkness of the pixels above the noise floor (median + 4 deviations
///    of the darkness over the paper), the weak one half of it (never
///    below the floor); a strong threshold under twice the
///    floor only splits the noise, and the page counts as blank. A long
///    thin line spanning a third of the photo (a sheet's outline on a
///    dark desk, `ComponentStatistics.isOutline`) is left out and the
///    thresholds taken again without it;
/// 5. opening then closing by fractions of the stroke width: specks and
///    hairline noise go, pinholes and hairline breaks close.
///
/// Limitation: the middle of an ink blob many times wider than the paper
/// window (a filled area, not a stroke) reads as no paper and is lost;
/// strokes are far narrower than the window, so writing is not.
///
/// The paper window starts at 1/50 of the longer image side; when the
/// stroke width measured on that first mask says the strokes are wider
/// than a quarter of the window, it runs again with a window of four
/// stroke widths.
public struct Binarizer: Sendable {
    /// Opening radius as a fraction of the stroke width.
    public var openingFraction: Double = 0.15
    /// Closing radius as a fraction of the stroke width.
    public var closingFraction: Double = 0.3
    /// Extra dilation radius as a fraction of the stroke width.
    public var dilationFraction: Double = 0
    /// How many noise deviations above the paper level the floor sits.
    public var noiseDeviations: Float = 4

    public init() {}

    /// What `binarize` found, for messages and later stages.
    public struct Result: Sendable {
        public var mask: InkMask
        /// The estimated stroke width in pixels (nil without ink).
        public var strokeWidth: Double?
        public var strongThreshold: Float
        public var weakThreshold: Float
        /// The darkness the paper's noise reaches (median + k deviations).
        public var noiseFloor: Float
        /// Whether the darkness split into paper and ink at all (false:
        /// the strong threshold is above every darkness, no ink).
        public var foundSplit: Bool { strongThreshold <= 1 }
    }

    public func binarize(_ grey: Plane) -> Result {
        let longSide = max(grey.width, grey.height)
        var window = max(4, longSide / 50)
        var result = pass(grey, window: window)
        if let stroke = result.strokeWidth, 4 * stroke > Double(window) {
            window = Int(4 * stroke)
            result = pass(grey, window: window)
        }
        return result
    }

    private func pass(_ grey: Plane, window: Int) -> Result {
        let levels = PaperLevels(grey, window: window)
        let paper = levels.paper
        let darkest = levels.darkest
        var darkness = Plane(width: grey.width, height: grey.height)
        grey.pixels.withUnsafeBufferPointer { g in
            paper.pixels.withUnsafeBufferPointer { p in
                darkness.pixels.withUnsafeMutableBufferPointer { d in
                    let d = d
                    Parallel.forEach(grey.height) { y in
                        for i in (y * grey.width)..<((y + 1) * grey.width) {
                            d[i] = p[i] < darkest
                                ? 0 : max(0, (p[i] - g[i]) / p[i])
                        }
                    }
                }
            }
        }
        // Sensor noise is finer than a stroke: a mean over 1/20 of the
        // paper window (a fifth of a stroke at most) drops grain.
        darkness = darkness.boxMean(radius: max(1, window / 40))
        // Where no paper is seen (a desk, a deep shadow) there is no ink:
        // -1 keeps those pixels out of the thresholds too.
        paper.pixels.withUnsafeBufferPointer { p in
            darkness.pixels.withUnsafeMutableBufferPointer { d in
                let d = d
                Parallel.forEach(grey.height) { y in
                    for i in (y * grey.width)..<((y + 1) * grey.width)
                    where p[i] < darkest {
                        d[i] = -1
                    }
                }
            }
        }

        var (floor, strong) = Binarizer.thresholds(
            darkness, noiseDeviations: noiseDeviations)
        var weak = max(floor, strong / 2)
        var mask = Binarizer.hysteresis(
            darkness, weak: weak, strong: strong)

        // A long thin line spanning a third of the photo is no writing
        // (the outline of a sheet on a desk, a shadow's edge): it would
        // pull the thresholds, so they are taken again without it.
        var labelled = Components.labelRuns(InkRuns(mask))
        if Binarizer.dropOutlines(labelled, of: mask, from: &darkness) {
            (floor, strong) = Binarizer.thresholds(
                darkness, noiseDeviations: noiseDeviations)
            weak = max(floor, strong / 2)
            mask = Binarizer.hysteresis(darkness, weak: weak, strong: strong)
            labelled = Components.labelRuns(InkRuns(mask))
        }

        let stroke = labelled.runs.letterStrokeWidth(
            height: mask.height, width: mask.width,
            labels: labelled.labels, count: labelled.count)
        if let stroke {
            let r = { (f: Double) in Int((f * stroke).rounded()) }
            mask = mask.opened(radius: r(openingFraction))
                .closed(radius: r(closingFraction))
                .dilated(radius: r(dilationFraction))
        }
        return Result(
            mask: mask,
            strokeWidth: InkRuns(mask).letterStrokeWidth(
                height: mask.height, width: mask.width) ?? stroke,
            strongThreshold: strong, weakThreshold: weak, noiseFloor: floor)
    }

    /// The noise floor (median + k x 1.4826 x median absolute deviation of
    /// the darkness, i.e. k standard deviations of the paper's noise) and
    /// Otsu's threshold between the pixels above it.
    /// Pixels marked -1 (no paper around them) are left out.
    static func thresholds(_ darkness: Plane, noiseDeviations: Float)
        -> (floor: Float, strong: Float)
    {
        let bins = 1024
        var histogram = [Int](repeating: 0, count: bins)
        for value in darkness.pixels where value >= 0 {
            histogram[min(bins - 1, Int(value * Float(bins)))] += 1
        }
        func quantile(_ q: Double, from: Int = 0) -> Float {
            let total = histogram[from...].reduce(0, +)
            var seen = 0
            for (i, n) in histogram.enumerated() where i >= from {
                seen += n
                if Double(seen) >= q * Double(total) {
                    return (Float(i) + 0.5) / Float(bins)
                }
            }
            return 1
        }
        let median = quantile(0.5)
        // The deviations' median, from the histogram of |d - median|.
        var deviations = [Int](repeating: 0, count: bins)
        for (i, n) in histogram.enumerated() {
            let d = abs((Float(i) + 0.5) / Float(bins) - median)
            deviations[min(bins - 1, Int(d * Float(bins)))] += n
        }
        let counted = histogram.reduce(0, +)
        guard counted > 0 else { return (1, 1.001) }
        var seen = 0
        var mad: Float = 0
        for (i, n) in deviations.enumerated() {
            seen += n
            if 2 * seen >= counted {
                mad = (Float(i) + 0.5) / Float(bins)
                break
            }
        }
        let floor = max(0.04, median + noiseDeviations * 1.4826 * mad)
        let start = min(bins - 1, Int(floor * Float(bins)))
        let strong = otsu(histogram, from: start, bins: bins)
        // Ink stands well clear of the paper's noise; a split just above
        // the floor only cuts the noise's tail: a page without writing.
        return (floor, strong < 2 * floor ? 1.001 : strong)
    }

    /// Otsu's threshold over histogram bins `from...`: the cut that
    /// maximises the between-class variance w0 w1 (m0 - m1)^2.
    static func otsu(_ histogram: [Int], from start: Int, bins: Int) -> Float {
        let total = Double(histogram[start...].reduce(0, +))
        guard total > 0 else { return 1 }
        let sum = histogram[start...].enumerated().reduce(0.0) {
            $0 + Double($1.offset + start) * Double($1.element)
        }
        var (w0, sum0, best, cut) = (0.0, 0.0, -1.0, start)
        for i in start..<bins {
            w0 += Double(histogram[i])
            sum0 += Double(i) * Double(histogram[i])
            let w1 = total - w0
            if w0 == 0 || w1 == 0 { continue }
            let m0 = sum0 / w0
            let m1 = (sum - sum0) / w1
            let between = w0 * w1 * (m0 - m1) * (m0 - m1)
            if between > best { (best, cut) = (between, i + 1) }
        }
        return Float(cut) / Float(bins)
    }

    /// Marks the pixels of the mask's components that look like a sheet's
    /// outline (`ComponentStatistics.isOutline`: spanning a third of the
    /// image, a long thin line) with darkness -1 (left out of thresholds,
    /// never ink); false when there are none.
    static func dropOutlines(
        _ labelled: (runs: InkRuns, labels: [Int32], count: Int),
        of mask: InkMask, from darkness: inout Plane
    ) -> Bool {
        let (runs, labels, count) = labelled
        let boxes = Components.boxes(runs, labels: labels, count: count)
        var areas = [Int](repeating: 0, count: count + 1)
        for run in 0..<runs.count {
            areas[Int(labels[run])] += Int(runs.last[run] - runs.first[run]) + 1
        }
        let outline = boxes.indices.map { c in
            boxes[c].map {
                ComponentStatistics(box: $0, area: areas[c])
                    .isOutline(height: mask.height, width: mask.width)
            } ?? false
        }
        guard outline.contains(true) else { return false }
        for y in 0..<mask.height {
            for run in runs.start[y]..<runs.start[y + 1]
            where outline[Int(labels[run])] {
                for x in Int(runs.first[run])...Int(runs.last[run]) {
                    darkness.pixels[y * mask.width + x] = -1
                }
            }
        }
        return true
    }

    /// The components of `darkness >= weak` that reach `strong` somewhere,
    /// found on the runs of the weak mask (no label image is written).
    static func hysteresis(_ darkness: Plane, weak: Float, strong: Float)
        -> InkMask
    {
        let w = darkness.width
        var candidates = InkMask(darkness, atLeast: weak)
        let (runs, labels, count) = Components.labelRuns(InkRuns(candidates))
        var keep = [Bool](repeating: false, count: count + 1)
        for y in 0..<darkness.height {
            for run in runs.start[y]..<runs.start[y + 1]
            where !keep[Int(labels[run])] {
                for x in Int(runs.first[run])...Int(runs.last[run])
                where darkness.pixels[y * w + x] >= strong {
                    keep[Int(labels[run])] = true
                    break
                }
            }
        }
        // Clear the components that never reach `strong`: usually few.
        for y in 0..<darkness.height {
            for run in runs.start[y]..<runs.start[y + 1]
            where !keep[Int(labels[run])] {
                for x in Int(runs.first[run])...Int(runs.last[run]) {
                    candidates.ink[y * w + x] = 0
                }
            }
        }
        return candidates
    }
}

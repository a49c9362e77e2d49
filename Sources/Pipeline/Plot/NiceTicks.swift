import Foundation

/// Axis ticks at round numbers: multiples of 1, 2 or 5 times a power of ten.
///
/// The span of the data is first rounded to a nice number, then divided
/// into about `count - 1` steps, each rounded to a nice number; the axis
/// runs from the data's minimum rounded down to a step to its maximum
/// rounded up. For data 0...1 and count 5 the ticks are 0, 0.2, ..., 1;
/// for -3.7...12.2 they are -5, 0, 5, 10, 15.
///
/// Edge cases: an empty span (min == max) is widened to one unit around
/// the value (or 0...1 for 0); with `integer` the step is at least 1, for
/// axes such as epochs.
public struct NiceTicks: Equatable, Sendable {
    /// The first tick (at or below the data's minimum).
    public let lower: Double
    /// The last tick (at or above the data's maximum).
    public let upper: Double
    public let step: Double
    /// Digits after the decimal point that the step needs.
    public let decimals: Int

    public init(min: Double, max: Double, count: Int = 5,
                integer: Bool = false) {
        precondition(min.isFinite && max.isFinite,
                     "[ticks] range \(min)...\(max) is not finite")
        precondition(min <= max, "[ticks] range \(min)...\(max) is reversed")
        precondition(count >= 2, "[ticks] needs at least 2 ticks")
        var (low, high) = (min, max)
        if low == high {
            let pad = low == 0 ? 0.5 : Swift.max(abs(low) * 0.1, 0.5)
            (low, high) = low == 0 ? (0, 1) : (low - pad, high + pad)
        }

        let span = NiceTicks.nice(high - low, round: false)
        var step = NiceTicks.nice(span / Double(count - 1), round: true)
        if integer { step = Swift.max(step, 1) }
        self.step = step
        // A little slack, so that 0.3 / 0.1 = 2.9999… still counts as 3.
        lower = (low / step + 1e-9).rounded(.down) * step
        upper = (high / step - 1e-9).rounded(.up) * step
        decimals = Swift.max(0, -Int(log10(step).rounded(.down)))
    }

    /// The tick values from `lower` to `upper`: k * step, each the double
    /// nearest the decimal (0.6, not 3 * 0.2 = 0.6000000000000001).
    public var values: [Double] {
        let first = Int((lower / step).rounded())
        let last = Int((upper / step).rounded())
        // step = digit * 10^exponent with digit 1, 2 or 5 (or 10).
        let exponent = Int(log10(step).rounded(.down))
        let digit = Int((step / pow(10, Double(exponent))).rounded())
        return (first...last).map { k in
            let whole = Double(k * digit)
            return exponent >= 0 ? whole * pow(10, Double(exponent))
                : whole / pow(10, Double(-exponent))
        }
    }

    /// A tick's label with just the digits the step needs: `0.2`, `15`.
    public func label(_ value: Double) -> String {
        let text = String(format: "%.\(decimals)f", value)
        // "-0" and "-0.0" read as zero.
        if Double(text) == 0 { return String(format: "%.\(decimals)f", 0.0) }
        return text
    }

    /// The nice number near `x` (x > 0): 1, 2, 5 or 10 times a power of
    /// ten, nearest when `round`, else the smallest one not below x.
    static func nice(_ x: Double, round: Bool) -> Double {
        let exponent = log10(x).rounded(.down)
        let power = pow(10, exponent)
        let fraction = x / power
        let niceFraction: Double
        if round {
            niceFraction = fraction < 1.5 ? 1 : fraction < 3 ? 2
                : fraction < 7 ? 5 : 10
        } else {
            niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2
                : fraction <= 5 ? 5 : 10
        }
        return niceFraction * power
    }
}

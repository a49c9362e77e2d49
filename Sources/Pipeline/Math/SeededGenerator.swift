import Foundation

/// A small, fast, reproducible random number generator: xoshiro256**
/// seeded through splitmix64.
///
/// The same seed gives the same sequence of bits on every platform and in
/// every build, which is what makes training runs repeatable. Floats,
/// bounded integers and shuffles are derived here by fixed recipes rather
/// than through the standard library, whose recipes may change.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// Expands `seed` into the 256-bit state with four splitmix64 steps,
  /// which never yields the forbidden all-zero state in practice.
  public init(seed: UInt64) {
    var mixer = seed
    func splitmix() -> UInt64 {
      mixer &+= 0x9E37_79B9_7F4A_7C15
      var z = mixer
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitmix(), splitmix(), splitmix(), splitmix())
  }

  /// The next 64 random bits (xoshiro256**).
  public mutating func next() -> UInt64 {
    let result = rotate(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotate(state.3, 45)
    return result
  }

  @inline(__always)
  private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  /// A uniform float in [0, 1): the top 24 bits of `next()` times 2⁻²⁴,
  /// so every value is an exact multiple of 2⁻²⁴.
  public mutating func nextFloat() -> Float {
    Float(next() >> 40) * 0x1p-24
  }

  /// A uniform double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
  public mutating func nextDouble() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A uniform integer in `0..<bound`, without modulo bias: the high half
  /// of a 64×64-bit product, redrawn when it would favour small values
  /// (Lemire's method).
  public mutating func nextIndex(below bound: Int) -> Int {
    precondition(bound > 0, "[SeededGenerator] bound \(bound) must be > 0")
    let range = UInt64(bound)
    let threshold = (0 &- range) % range
    while true {
      let product = next().multipliedFullWidth(by: range)
      if product.low >= threshold { return Int(product.high) }
    }
  }

  /// Shuffles `a` in place with Fisher-Yates, drawing `nextIndex(below:)`
  /// from the last position down, so the order depends only on the seed.
  public mutating func shuffle(_ a: inout [Int]) {
    guard a.count > 1 else { return }
    for i in stride(from: a.count - 1, through: 1, by: -1) {
      let j = nextIndex(below: i + 1)
      a.swapAt(i, j)
    }
  }
}

extension Tensor {
  /// Independent draws from the uniform distribution on [low, high).
  public static func uniform(shape: [Int], low: Float, high: Float,
                             using g: inout SeededGenerator) -> Tensor {
    precondition(low <= high, "[uniform] low \(low) above high \(high)")
    var out = Tensor(zeros: shape)
    for i in 0..<out.count {
      out.scalars[i] = low + (high - low) * g.nextFloat()
    }
    return out
  }

  /// Independent draws from N(mean, std²), by the Box-Muller transform in
  /// Double: each pair of uniforms gives two normals,
  /// `r·cos θ` and `r·sin θ` with `r = √(−2 ln u₁)`, `θ = 2π u₂`.
  public static func normal(shape: [Int], mean: Float, std: Float,
                            using g: inout SeededGenerator) -> Tensor {
    precondition(std >= 0, "[normal] std \(std) must be >= 0")
    var out = Tensor(zeros: shape)
    var i = 0
    while i < out.count {
      let u1 = 1 - g.nextDouble()  // (0, 1]: the log stays finite
      let u2 = g.nextDouble()
      let radius = (-2 * Foundation.log(u1)).squareRoot()
      let angle = 2 * Double.pi * u2
      out.scalars[i] = mean + std * Float(radius * cos(angle))
      if i + 1 < out.count {
        out.scalars[i + 1] = mean + std * Float(radius * sin(angle))
      }
      i += 2
    }
    return out
  }
}

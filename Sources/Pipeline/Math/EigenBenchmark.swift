import Dispatch

/// How far an eigen-decomposition is from its matrix.
///
/// Returns `‖V·diag(λ)·Vᵀ − A‖_F / ‖A‖_F` (reconstruction) and
/// `max |VᵀV − I|` (orthogonality), both accumulated in Double. Shapes:
/// a `[n, n]`, values `[n]`, vectors `[n, n]` with eigenvectors in columns.
public func eigenResiduals(_ a: Tensor, values: Tensor, vectors: Tensor)
  -> (reconstruction: Double, orthogonality: Double) {
  let n = a.shape[0]
  precondition(a.shape == [n, n] && values.shape == [n]
               && vectors.shape == [n, n],
               "[eigenResiduals] shapes \(a.shape), \(values.shape) and "
               + "\(vectors.shape) do not fit")
  var scaled = vectors
  for i in 0..<n {
    for j in 0..<n { scaled.scalars[i * n + j] *= values.scalars[j] }
  }
  let rebuilt = matmul(scaled, vectors, transposeB: true)
  var difference = 0.0, norm = 0.0
  for (x, y) in zip(rebuilt.scalars, a.scalars) {
    difference += Double(x - y) * Double(x - y)
    norm += Double(y) * Double(y)
  }
  let gram = matmul(vectors, vectors, transposeA: true)
  var worst = 0.0
  for i in 0..<n {
    for j in 0..<n {
      let target: Float = i == j ? 1 : 0
      worst = max(worst, Double(abs(gram.scalars[i * n + j] - target)))
    }
  }
  return ((difference / max(norm, 1e-300)).squareRoot(), worst)
}

/// Times `symmetricEigen` on the covariance `XᵀX / rows` of `[2n, n]`
/// standard normal data, the kind of matrix PCA decomposes, and reports
/// its residuals.
public enum EigenBenchmark {
  /// A random covariance `XᵀX / rows` of `[rows, n]` data.
  public static func covariance(_ n: Int, rows: Int, seed: UInt64) -> Tensor {
    var g = SeededGenerator(seed: seed)
    let x = Tensor.normal(shape: [rows, n], mean: 0, std: 1, using: &g)
    return matmul(x, x, transposeA: true) / Float(rows)
  }

  /// Logs `eigen <n>x<n> <seconds> s reconstruction <e> orthogonality <e>`.
  public static func run(size: Int, log: (String) -> Void) {
    let a = covariance(size, rows: 2 * size, seed: 3)
    let start = DispatchTime.now().uptimeNanoseconds
    let (values, vectors) = symmetricEigen(a)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let (reconstruction, orthogonality) = eigenResiduals(
      a, values: values, vectors: vectors)
    log("eigen nnpipe \(size)x\(size) "
        + "\(GemmBenchmark.fixed(seconds, 3)) s  reconstruction "
        + "\(scientific(reconstruction))  orthogonality "
        + "\(scientific(orthogonality))")
  }

  /// `1.2e-06`: two significant digits, for error sizes.
  static func scientific(_ value: Double) -> String {
    guard value > 0 && value.isFinite else { return "\(value)" }
    var exponent = 0
    var mantissa = value
    while mantissa >= 10 { mantissa /= 10; exponent += 1 }
    while mantissa < 1 { mantissa *= 10; exponent -= 1 }
    let sign = exponent < 0 ? "-" : "+"
    let digits = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
    return "\(GemmBenchmark.fixed(mantissa, 1))e\(sign)\(digits)"
  }
}

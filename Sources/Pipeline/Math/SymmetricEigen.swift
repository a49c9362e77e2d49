import Foundation

/// The eigen-decomposition `A = V·diag(values)·Vᵀ` of a symmetric matrix.
///
/// Shapes: a `[n, n]` -> values `[n]` in descending order, vectors
/// `[n, n]` orthonormal, column j the unit eigenvector of `values[j]`.
/// The sign of each vector is arbitrary. Only the symmetric part
/// `(A + Aᵀ)/2` is used, so rounding noise in a covariance is harmless.
///
/// Method, all in Double: Householder reduction to tridiagonal form
/// (`A = Q·T·Qᵀ`), then implicitly shifted QL iterations on T whose plane
/// rotations are accumulated into Q. About 9n³ flops, so a 1024×1024
/// covariance takes on the order of a second in a release build.
public func symmetricEigen(_ a: Tensor) -> (values: Tensor, vectors: Tensor) {
  precondition(a.rank == 2 && a.shape[0] == a.shape[1],
               "[symmetricEigen] needs a square matrix, got \(a.shape)")
  let n = a.shape[0]
  guard n > 0 else {
    return (Tensor(zeros: [0]), Tensor(zeros: [0, 0]))
  }
  var matrix = [Double](repeating: 0, count: n * n)
  for i in 0..<n {
    for j in 0..<n {
      matrix[i * n + j] = 0.5 * (Double(a.scalars[i * n + j])
                                 + Double(a.scalars[j * n + i]))
    }
  }

  var diagonal = [Double](repeating: 0, count: n)
  var offDiagonal = [Double](repeating: 0, count: n)
  var basis = [Double](repeating: 0, count: n * n)
  matrix.withUnsafeMutableBufferPointer { s in
    diagonal.withUnsafeMutableBufferPointer { d in
      offDiagonal.withUnsafeMutableBufferPointer { e in
        basis.withUnsafeMutableBufferPointer { z in
          let tau = Tridiagonal.reduce(s.baseAddress!, n, d.baseAddress!,
                                       e.baseAddress!)
          Tridiagonal.accumulate(s.baseAddress!, tau, n, z.baseAddress!)
          Tridiagonal.diagonalize(n, d.baseAddress!, e.baseAddress!,
                                  z.baseAddress!)
        }
      }
    }
  }

  // Row r of `basis` is now the eigenvector of diagonal[r].
  let order = (0..<n).sorted { diagonal[$0] > diagonal[$1] }
  var values = Tensor(zeros: [n])
  var vectors = Tensor(zeros: [n, n])
  for (column, r) in order.enumerated() {
    values.scalars[column] = Float(diagonal[r])
    for i in 0..<n {
      vectors.scalars[i * n + column] = Float(basis[r * n + i])
    }
  }
  return (values, vectors)
}

/// The steps of `symmetricEigen`, on raw row-major Double buffers.
enum Tridiagonal {
  /// Householder reduction `A = Q·T·Qᵀ` of the symmetric `[n, n]` matrix
  /// `s`, in place.
  ///
  /// Step k reflects away row k right of the first off-diagonal entry:
  /// with `x = s[k, k+1...]`, `v = x − α·e₁` and `H = I − τ·v·vᵀ`, the
  /// trailing block becomes `H·S·H = S − v·wᵀ − w·vᵀ` where `p = τ·S·v`
  /// and `w = p − (τ/2)(pᵀv)·v`. On return `d` is T's diagonal, `e[i]`
  /// its entry `(i, i+1)`, row k of `s` right of column k holds v, and the
  /// result is the τ of each step (0 where nothing was reflected).
  static func reduce(_ s: UnsafeMutablePointer<Double>, _ n: Int,
                     _ d: UnsafeMutablePointer<Double>,
                     _ e: UnsafeMutablePointer<Double>) -> [Double] {
    var tau = [Double](repeating: 0, count: n)
    let p = UnsafeMutablePointer<Double>.allocate(capacity: n)
    defer { p.deallocate() }

    for k in 0..<max(0, n - 2) {
      let m = n - k - 1
      let v = s + k * n + k + 1
      let block = s + (k + 1) * n + k + 1
      d[k] = s[k * n + k]

      var norm = 0.0
      for i in 0..<m { norm += v[i] * v[i] }
      norm = norm.squareRoot()
      let tail = norm * norm - v[0] * v[0]
      guard tail > Double.leastNormalMagnitude * Double(n) else {
        e[k] = v[0]  // already tridiagonal in this row
        continue
      }
      let alpha = v[0] > 0 ? -norm : norm
      e[k] = alpha
      v[0] -= alpha
      let t = 2 / (tail + v[0] * v[0])
      tau[k] = t

      var pv = 0.0
      for i in 0..<m {
        let row = block + i * n
        var total = 0.0
        for j in 0..<m { total += row[j] * v[j] }
        p[i] = t * total
        pv += p[i] * v[i]
      }
      let half = 0.5 * t * pv
      for i in 0..<m { p[i] -= half * v[i] }  // p is now w
      for i in 0..<m {
        let row = block + i * n
        let (vi, wi) = (v[i], p[i])
        for j in 0..<m { row[j] -= vi * p[j] + wi * v[j] }
      }
    }
    if n >= 2 {
      d[n - 2] = s[(n - 2) * n + n - 2]
      e[n - 2] = s[(n - 2) * n + n - 1]
    }
    d[n - 1] = s[(n - 1) * n + n - 1]
    e[n - 1] = 0
    return tau
  }

  /// Forms Qᵀ in `z` from the reflections left in `s` by `reduce`.
  ///
  /// `Q = H₀·H₁⋯` is built from the right end, `Q ← Hₖ·Q`, which only
  /// touches the trailing block; then transposed, so that rows of `z`
  /// are Q's columns and later rotations work on contiguous rows.
  static func accumulate(_ s: UnsafePointer<Double>, _ tau: [Double],
                         _ n: Int, _ z: UnsafeMutablePointer<Double>) {
    let q = UnsafeMutablePointer<Double>.allocate(capacity: n * n)
    let u = UnsafeMutablePointer<Double>.allocate(capacity: n)
    defer {
      q.deallocate()
      u.deallocate()
    }
    q.initialize(repeating: 0, count: n * n)
    for i in 0..<n { q[i * n + i] = 1 }

    for k in stride(from: n - 3, through: 0, by: -1) where tau[k] != 0 {
      let m = n - k - 1
      let v = s + k * n + k + 1
      let block = q + (k + 1) * n + k + 1
      u.update(repeating: 0, count: m)
      for i in 0..<m {  // u = vᵀ·Q
        let row = block + i * n
        let vi = v[i]
        for j in 0..<m { u[j] += vi * row[j] }
      }
      for i in 0..<m {  // Q −= τ·v·u
        let row = block + i * n
        let scale = tau[k] * v[i]
        for j in 0..<m { row[j] -= scale * u[j] }
      }
    }
    for i in 0..<n {
      for j in 0..<n { z[j * n + i] = q[i * n + j] }
    }
  }

  /// Diagonalizes the symmetric tridiagonal T (`d`, `e`) by implicitly
  /// shifted QL iterations, applying every rotation to the rows of `z`.
  ///
  /// On return `d` holds the eigenvalues, unsorted, and row r of `z` the
  /// eigenvector of `d[r]` (given rows of z that were Q's columns).
  static func diagonalize(_ n: Int, _ d: UnsafeMutablePointer<Double>,
                          _ e: UnsafeMutablePointer<Double>,
                          _ z: UnsafeMutablePointer<Double>) {
    var cosines = [Double](repeating: 1, count: n)
    var sines = [Double](repeating: 0, count: n)
    for l in 0..<n {
      var iterations = 0
      while true {
        // The first negligible off-diagonal at or after l splits T.
        var m = l
        while m < n - 1 {
          let scale = abs(d[m]) + abs(d[m + 1])
          if abs(e[m]) <= Double.ulpOfOne * scale { break }
          m += 1
        }
        if m == l { break }
        iterations += 1
        precondition(iterations <= 60,
                     "[symmetricEigen] QL did not converge (NaN input?)")

        // Wilkinson-style shift from the leading 2×2 block.
        var g = (d[l + 1] - d[l]) / (2 * e[l])
        var r = (g * g + 1).squareRoot()
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
        var (s, c, p) = (1.0, 1.0, 0.0)
        var i = m - 1
        var underflow = false
        while i >= l {
          let f = s * e[i]
          let b = c * e[i]
          r = (f * f + g * g).squareRoot()
          e[i + 1] = r
          if r == 0 {  // the rotation vanished: T split early
            d[i + 1] -= p
            e[m] = 0
            underflow = true
            break
          }
          s = f / r
          c = g / r
          g = d[i + 1] - p
          r = (d[i] - g) * s + 2 * c * b
          p = s * r
          d[i + 1] = g + p
          g = c * r - b
          cosines[i] = c
          sines[i] = s
          i -= 1
        }
        rotateRows(z, n, from: i + 1, to: m, cosines, sines)
        if underflow { continue }
        d[l] -= p
        e[l] = g
        e[m] = 0
      }
    }
  }

  /// Applies the rotations of one QL sweep, in the sweep's order
  /// (i = last−1 down to first), to rows i and i+1 of `z`:
  /// `zᵢ₊₁ ← s·zᵢ + c·zᵢ₊₁`, `zᵢ ← c·zᵢ − s·zᵢ₊₁`.
  /// Column strips keep the rows being rotated in cache; strips are
  /// independent, so they are spread over threads for large n.
  static func rotateRows(_ z: UnsafeMutablePointer<Double>, _ n: Int,
                         from first: Int, to last: Int,
                         _ cosines: [Double], _ sines: [Double]) {
    guard last > first else { return }
    let strip = 64
    let strips = (n + strip - 1) / strip
    let threads = (last - first) * n >= 1 << 16 ? Parallel.threadCount : 1
    cosines.withUnsafeBufferPointer { cs in
      sines.withUnsafeBufferPointer { ss in
        Parallel.forEach(strips, threads: threads) { index in
          let start = index * strip
          let width = min(strip, n - start)
          for i in stride(from: last - 1, through: first, by: -1) {
            let (c, s) = (cs[i], ss[i])
            let upper = z + i * n + start
            let lower = upper + n
            for j in 0..<width {
              let (x, y) = (upper[j], lower[j])
              lower[j] = s * x + c * y
              upper[j] = c * x - s * y
            }
          }
        }
      }
    }
  }
}

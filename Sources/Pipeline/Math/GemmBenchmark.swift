import Dispatch

/// Times `Gemm.multiply` on the shapes nnpipe cares about, for comparison
/// with `scripts/bench_gemm_numpy.py`, which times numpy on the same list.
public enum GemmBenchmark {
  /// One timed product: `C[m, n] = op(A)·op(B)` with op(A) `[m, k]`.
  public struct Case: Sendable {
    public let name: String
    public let m, n, k: Int
    public let transposeA, transposeB: Bool

    /// `cube 1024x1024x1024 NN`: what `only=` filters on.
    public var description: String { "\(name) \(m)x\(n)x\(k) \(form)" }

    /// "NN", "TN", "NT" or "TT": which operands are used transposed.
    public var form: String {
      (transposeA ? "T" : "N") + (transposeB ? "T" : "N")
    }
  }

  /// The benchmark shapes: cubes in every form at 1024, and the six
  /// products of one training step of a 1024-64-36 MLP at batch 32.
  public static let cases: [Case] = {
    var list = [Case]()
    for size in [64, 256, 1024, 2048] {
      list.append(Case(name: "cube", m: size, n: size, k: size,
                       transposeA: false, transposeB: false))
    }
    for (tA, tB) in [(true, false), (false, true), (true, true)] {
      list.append(Case(name: "cube", m: 1024, n: 1024, k: 1024,
                       transposeA: tA, transposeB: tB))
    }
    list += [
      Case(name: "mlp X·W1", m: 32, n: 64, k: 1024,
           transposeA: false, transposeB: false),
      Case(name: "mlp H·W2", m: 32, n: 36, k: 64,
           transposeA: false, transposeB: false),
      Case(name: "mlp Xᵀ·dH", m: 1024, n: 64, k: 32,
           transposeA: true, transposeB: false),
      Case(name: "mlp Hᵀ·dY", m: 64, n: 36, k: 32,
           transposeA: true, transposeB: false),
      Case(name: "mlp dY·W2ᵀ", m: 32, n: 64, k: 36,
           transposeA: false, transposeB: true),
      Case(name: "mlp dH·W1ᵀ", m: 32, n: 1024, k: 64,
           transposeA: false, transposeB: true),
    ]
    return list
  }()

  /// Runs every case on `threads` threads (nil: `Parallel.threadCount`)
  /// and logs one line per case:
  /// `gemm nnpipe <name> <m>x<n>x<k> <form> threads <t> <GFLOP/s> <ms>`.
  ///
  /// Each case is repeated for at least 0.3 s after a warm-up call; the
  /// best repetition is reported, which is the least disturbed by other
  /// work on the machine.
  /// With `only`, just the cases whose description (`name shape form`,
  /// e.g. `cube 1024x1024x1024 NN`) contains that text.
  ///
  /// With `repetitions`, each case runs exactly that many times after the
  /// warm-up instead: then `perf stat -e cycles:u` over the whole run
  /// counts cycles per product, which other work on the machine disturbs
  /// far less than it disturbs wall time.
  public static func run(threads: Int?, only: String? = nil,
                         repetitions: Int? = nil, log: (String) -> Void) {
    let threadCount = threads ?? Parallel.threadCount
    var g = SeededGenerator(seed: 1)
    for item in cases {
      if let only, !item.description.contains(only) { continue }
      let a = Tensor.uniform(shape: [item.m * item.k], low: -1, high: 1,
                             using: &g)
      let b = Tensor.uniform(shape: [item.k * item.n], low: -1, high: 1,
                             using: &g)
      var c = [Float](repeating: 0, count: item.m * item.n)
      let best = a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
          c.withUnsafeMutableBufferPointer { pc in
            bestSeconds(repetitions: repetitions) {
              Gemm.multiply(
                m: item.m, n: item.n, k: item.k,
                a: pa.baseAddress!, lda: item.transposeA ? item.m : item.k,
                transposeA: item.transposeA,
                b: pb.baseAddress!, ldb: item.transposeB ? item.k : item.n,
                transposeB: item.transposeB,
                c: pc.baseAddress!, ldc: item.n, alpha: 1, beta: 0,
                threads: threadCount)
            }
          }
        }
      }
      let flops = 2 * Double(item.m) * Double(item.n) * Double(item.k)
      log(line(library: "nnpipe", item, threads: threadCount,
               gflops: flops / best / 1e9, milliseconds: best * 1e3))
    }
  }

  /// The common line format, shared with the numpy script.
  static func line(library: String, _ item: Case, threads: Int,
                   gflops: Double, milliseconds: Double) -> String {
    let shape = "\(item.m)x\(item.n)x\(item.k)"
    return "gemm \(library) \(item.name.padding(12)) \(shape.padding(15)) "
      + "\(item.form) threads \(threads) "
      + "\(fixed(gflops, 1).padding(7, left: true)) GFLOP/s "
      + "\(fixed(milliseconds, 3).padding(9, left: true)) ms"
  }

  /// The shortest of repeated timings of `body`, in seconds.
  static func bestSeconds(repetitions fixed: Int? = nil,
                          _ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    var total = 0.0
    var repetitions = 0
    while fixed.map({ repetitions < $0 })
            ?? (total < 0.3 || repetitions < 3) {
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start)
        / 1e9
      best = min(best, seconds)
      total += seconds
      repetitions += 1
    }
    return best
  }

  static func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    let have = text.split(separator: ".").last.map { $0.count } ?? 0
    if have < digits { text += String(repeating: "0", count: digits - have) }
    return text
  }
}

extension String {
  fileprivate func padding(_ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - count))
    return left ? fill + self : self + fill
  }
}

/// The matrix product `op(a)·op(b)` of two rank-2 tensors, where op(x) is
/// x, or xᵀ when the matching flag is set.
///
/// Shapes: op(a) `[m, k]` · op(b) `[k, n]` -> `[m, n]`. A transpose is
/// handled while the operands are packed, never by copying the tensor.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false,
                   transposeB: Bool = false) -> Tensor {
  precondition(a.rank == 2 && b.rank == 2,
               "[matmul] needs rank-2 operands, got shapes \(a.shape) "
               + "and \(b.shape)")
  let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
  let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
  precondition(k == kb,
               "[matmul] shapes \(a.shape)\(transposeA ? "ᵀ" : "") and "
               + "\(b.shape)\(transposeB ? "ᵀ" : "") do not chain")
  var out = [Float](repeating: 0, count: m * n)
  a.scalars.withUnsafeBufferPointer { pa in
    b.scalars.withUnsafeBufferPointer { pb in
      out.withUnsafeMutableBufferPointer { pc in
        guard m > 0 && n > 0 && k > 0 else { return }  // 0 for k = 0
        Gemm.multiply(
          m: m, n: n, k: k,
          a: pa.baseAddress!, lda: max(1, a.shape[1]), transposeA: transposeA,
          b: pb.baseAddress!, ldb: max(1, b.shape[1]), transposeB: transposeB,
          c: pc.baseAddress!, ldc: n)
      }
    }
  }
  return Tensor(shape: [m, n], scalars: out)
}

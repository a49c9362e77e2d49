// The register-blocked heart of GEMM: a 6×16 tile of C held in twelve
// SIMD8 accumulators (12 of the 16 AVX2 ymm registers), updated with one
// fused multiply-add per 8 products.

/// Rows of the C tile the micro-kernel computes.
let gemmTileRows = 6
/// Columns of the C tile the micro-kernel computes (two SIMD8 vectors).
let gemmTileColumns = 16

typealias Vector8 = SIMD8<Float>

@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> Vector8 {
  UnsafeRawPointer(p).loadUnaligned(as: Vector8.self)
}

@inline(__always)
private func store8(_ v: Vector8, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector8.self)
}

/// The update `C = alpha·acc + beta·C` of one 16-wide row of C.
///
/// With `beta == 0` C is not read, so NaN or garbage there is ignored.
@inline(__always)
private func updateRow(_ c: UnsafeMutablePointer<Float>, _ low: Vector8,
                       _ high: Vector8, _ alpha: Float, _ beta: Float) {
  let scale = Vector8(repeating: alpha)
  if beta == 0 {
    store8(low * scale, c)
    store8(high * scale, c + 8)
  } else {
    let keep = Vector8(repeating: beta)
    store8((low * scale).addingProduct(load8(c), keep), c)
    store8((high * scale).addingProduct(load8(c + 8), keep), c + 8)
  }
}

/// `C[0..<6, 0..<16] = alpha·Σₚ a[p]⊗b[p] + beta·C` for packed panels.
///
/// Shapes: `a` is a packed `[k, 6]` panel (six rows of op(A), column by
/// column), `b` a packed `[k, 16]` panel (sixteen columns of op(B), row by
/// row), `c` a full 6×16 tile with row stride `ldc`.
@inline(never)
func gemmMicroKernel(
  _ k: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
  _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ alpha: Float,
  _ beta: Float
) {
  var c00 = Vector8(), c01 = Vector8()
  var c10 = Vector8(), c11 = Vector8()
  var c20 = Vector8(), c21 = Vector8()
  var c30 = Vector8(), c31 = Vector8()
  var c40 = Vector8(), c41 = Vector8()
  var c50 = Vector8(), c51 = Vector8()
  var pa = a
  var pb = b
  @inline(__always)
  func step(_ pa: UnsafePointer<Float>, _ pb: UnsafePointer<Float>) {
    let b0 = load8(pb)
    let b1 = load8(pb + 8)
    var x = Vector8(repeating: pa[0])
    c00 = c00.addingProduct(x, b0)
    c01 = c01.addingProduct(x, b1)
    x = Vector8(repeating: pa[1])
    c10 = c10.addingProduct(x, b0)
    c11 = c11.addingProduct(x, b1)
    x = Vector8(repeating: pa[2])
    c20 = c20.addingProduct(x, b0)
    c21 = c21.addingProduct(x, b1)
    x = Vector8(repeating: pa[3])
    c30 = c30.addingProduct(x, b0)
    c31 = c31.addingProduct(x, b1)
    x = Vector8(repeating: pa[4])
    c40 = c40.addingProduct(x, b0)
    c41 = c41.addingProduct(x, b1)
    x = Vector8(repeating: pa[5])
    c50 = c50.addingProduct(x, b0)
    c51 = c51.addingProduct(x, b1)
  }
  // Four depth steps per trip halve the loop's bookkeeping per FMA.
  for _ in 0..<(k / 4) {
    step(pa, pb)
    step(pa + 6, pb + 16)
    step(pa + 12, pb + 32)
    step(pa + 18, pb + 48)
    pa += 4 * gemmTileRows
    pb += 4 * gemmTileColumns
  }
  for _ in 0..<(k % 4) {
    step(pa, pb)
    pa += gemmTileRows
    pb += gemmTileColumns
  }
  updateRow(c, c00, c01, alpha, beta)
  updateRow(c + ldc, c10, c11, alpha, beta)
  updateRow(c + 2 * ldc, c20, c21, alpha, beta)
  updateRow(c + 3 * ldc, c30, c31, alpha, beta)
  updateRow(c + 4 * ldc, c40, c41, alpha, beta)
  updateRow(c + 5 * ldc, c50, c51, alpha, beta)
}

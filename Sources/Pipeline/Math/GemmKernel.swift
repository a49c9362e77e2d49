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

/// `acc + x·y`, fused into one rounding where the CPU has FMA.
@inline(__always)
private func multiplyAdd(_ acc: Vector8, _ x: Vector8, _ y: Vector8)
  -> Vector8 {
  #if NNPIPE_PORTABLE
  // Limitation: baseline x86-64 has no FMA instruction, and a fused
  // operation would become one libm call per lane; the portable build
  // rounds the product and the sum separately instead.
  return acc + x * y
  #else
  return acc.addingProduct(x, y)
  #endif
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
    store8(multiplyAdd(low * scale, load8(c), keep), c)
    store8(multiplyAdd(high * scale, load8(c + 8), keep), c + 8)
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
  gemmTile(k, a, 1, gemmTileRows, b,
           gemmTileColumns, c, ldc, alpha, beta)
}

/// The micro-kernel on operands read in place instead of packed: element
/// `(r, p)` of the A panel is `a[r·aRow + p·aDepth]` and row p of the B
/// panel is the 16 floats at `b + p·bDepth`.
@inline(never)
func gemmStridedMicroKernel(
  _ k: Int, _ a: UnsafePointer<Float>, _ aRow: Int, _ aDepth: Int,
  _ b: UnsafePointer<Float>, _ bDepth: Int,
  _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ alpha: Float,
  _ beta: Float
) {
  gemmTile(k, a, aRow, aDepth, b, bDepth, c, ldc, alpha, beta)
}

/// The body both kernels share; inlined so that the packed kernel's
/// constant strides fold into its addressing.
@inline(__always)
private func gemmTile(
  _ k: Int, _ a: UnsafePointer<Float>, _ aRow: Int, _ aDepth: Int,
  _ b: UnsafePointer<Float>, _ bDepth: Int,
  _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ alpha: Float,
  _ beta: Float
) {
  var c00 = Vector8(), c01 = Vector8()
  var c10 = Vector8(), c11 = Vector8()
  var c20 = Vector8(), c21 = Vector8()
  var c30 = Vector8(), c31 = Vector8()
  var c40 = Vector8(), c41 = Vector8()
  var c50 = Vector8(), c51 = Vector8()
  let (row1, row2, row3) = (aRow, 2 * aRow, 3 * aRow)
  let (row4, row5) = (4 * aRow, 5 * aRow)
  var pa = a
  var pb = b

  // One depth step: two B vectors, six broadcasts, twelve FMAs.
  @inline(__always)
  func step() {
    let b0 = load8(pb)
    let b1 = load8(pb + 8)
    var x = Vector8(repeating: pa[0])
    c00 = multiplyAdd(c00, x, b0)
    c01 = multiplyAdd(c01, x, b1)
    x = Vector8(repeating: pa[row1])
    c10 = multiplyAdd(c10, x, b0)
    c11 = multiplyAdd(c11, x, b1)
    x = Vector8(repeating: pa[row2])
    c20 = multiplyAdd(c20, x, b0)
    c21 = multiplyAdd(c21, x, b1)
    x = Vector8(repeating: pa[row3])
    c30 = multiplyAdd(c30, x, b0)
    c31 = multiplyAdd(c31, x, b1)
    x = Vector8(repeating: pa[row4])
    c40 = multiplyAdd(c40, x, b0)
    c41 = multiplyAdd(c41, x, b1)
    x = Vector8(repeating: pa[row5])
    c50 = multiplyAdd(c50, x, b0)
    c51 = multiplyAdd(c51, x, b1)
    pa += aDepth
    pb += bDepth
  }
  // Four steps per trip: the loop's own bookkeeping then costs little
  // next to 48 FMAs (measured +10% on the kernel alone).
  for _ in 0..<(k / 4) {
    step()
    step()
    step()
    step()
  }
  for _ in 0..<(k % 4) { step() }

  updateRow(c, c00, c01, alpha, beta)
  updateRow(c + ldc, c10, c11, alpha, beta)
  updateRow(c + 2 * ldc, c20, c21, alpha, beta)
  updateRow(c + 3 * ldc, c30, c31, alpha, beta)
  updateRow(c + 4 * ldc, c40, c41, alpha, beta)
  updateRow(c + 5 * ldc, c50, c51, alpha, beta)
}

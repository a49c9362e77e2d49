// 2-D convolution (cross-correlation, as in every deep-learning library)
// lowered to matrix products through im2col.

/// The geometry shared by a convolution's forward and backward passes.
struct ConvolutionShape {
  let batch, channels, height, width: Int
  let outChannels, kernelHeight, kernelWidth: Int
  let stride, padding: Int
  let outHeight, outWidth: Int

  init(input: [Int], weight: [Int], stride: Int, padding: Int,
       _ name: String) {
    precondition(input.count == 4 && weight.count == 4,
                 "[\(name)] needs input [N, C, H, W] and weight "
                 + "[O, C, KH, KW], got \(input) and \(weight)")
    precondition(input[1] == weight[1],
                 "[\(name)] input \(input) has \(input[1]) channels, "
                 + "weight \(weight) expects \(weight[1])")
    precondition(stride >= 1 && padding >= 0,
                 "[\(name)] stride \(stride) must be >= 1 and padding "
                 + "\(padding) >= 0")
    (batch, channels, height, width) = (input[0], input[1], input[2],
                                        input[3])
    (outChannels, kernelHeight, kernelWidth) = (weight[0], weight[2],
                                                weight[3])
    (self.stride, self.padding) = (stride, padding)
    outHeight = (height + 2 * padding - kernelHeight) / stride + 1
    outWidth = (width + 2 * padding - kernelWidth) / stride + 1
    precondition(height + 2 * padding >= kernelHeight
                 && width + 2 * padding >= kernelWidth,
                 "[\(name)] kernel \(kernelHeight)x\(kernelWidth) larger "
                 + "than the padded input \(input) with padding \(padding)")
  }

  /// Rows of the im2col matrix: one per (channel, kernel row, kernel col).
  var patchSize: Int { channels * kernelHeight * kernelWidth }
  /// Columns of the im2col matrix: one per output pixel.
  var outPixels: Int { outHeight * outWidth }
  var imageSize: Int { channels * height * width }
  var outShape: [Int] { [batch, outChannels, outHeight, outWidth] }

  /// The output columns `ow` whose tap `ow·stride − padding + kw` lands
  /// inside the image row, so the copy loops need no bounds test.
  @inline(__always)
  func validColumns(_ kw: Int) -> Range<Int> {
    // ow·stride ≥ padding − kw  and  ow·stride < width + padding − kw
    let low = max(0, (padding - kw + stride - 1) / stride)
    let high = min(outWidth, (width + padding - kw + stride - 1) / stride)
    return low..<max(low, high)
  }

  /// Writes the patches of one image `[C, H, W]` as the columns of
  /// `columns` `[C·KH·KW, OH·OW]`; taps that fall in the padding are 0.
  func im2col(_ image: UnsafePointer<Float>,
              _ columns: UnsafeMutablePointer<Float>) {
    var row = columns
    for c in 0..<channels {
      let plane = image + c * height * width
      for kh in 0..<kernelHeight {
        for kw in 0..<kernelWidth {
          let valid = validColumns(kw)
          for oh in 0..<outHeight {
            let ih = oh * stride - padding + kh
            let line = row + oh * outWidth
            guard ih >= 0 && ih < height && !valid.isEmpty else {
              line.update(repeating: 0, count: outWidth)
              continue
            }
            line.update(repeating: 0, count: valid.lowerBound)
            let source = plane + ih * width - padding + kw
            if stride == 1 {
              (line + valid.lowerBound).update(
                from: source + valid.lowerBound, count: valid.count)
            } else {
              for ow in valid { line[ow] = source[ow * stride] }
            }
            (line + valid.upperBound).update(
              repeating: 0, count: outWidth - valid.upperBound)
          }
          row += outPixels
        }
      }
    }
  }

  /// The adjoint of `im2col`: adds every column entry back onto the image
  /// pixel it was copied from, so overlapping patches accumulate.
  func col2im(_ columns: UnsafePointer<Float>,
              _ image: UnsafeMutablePointer<Float>) {
    var row = columns
    for c in 0..<channels {
      let plane = image + c * height * width
      for kh in 0..<kernelHeight {
        for kw in 0..<kernelWidth {
          let valid = validColumns(kw)
          for oh in 0..<outHeight {
            let ih = oh * stride - padding + kh
            guard ih >= 0 && ih < height else { continue }
            let line = row + oh * outWidth
            let target = plane + ih * width - padding + kw
            for ow in valid { target[ow * stride] += line[ow] }
          }
          row += outPixels
        }
      }
    }
  }

  /// Splits the batch over threads: `(workers, threads each GEMM uses)`.
  /// Whole images per worker keep the products independent; a batch
  /// smaller than the thread count hands the spare threads to GEMM.
  var threadPlan: (workers: Int, gemmThreads: Int) {
    let threads = Parallel.threadCount
    let workers = max(1, min(threads, batch))
    return (workers, max(1, threads / workers))
  }
}

/// 2-D convolution: `out[n, o] = bias[o] + Σ_c weight[o, c] ⋆ input[n, c]`.
///
/// Shapes: input `[N, C, H, W]`, weight `[O, C, KH, KW]`, bias `[O]` or
/// nil, output `[N, O, OH, OW]` with `OH = (H + 2·padding − KH) / stride
/// + 1` (rounded down) and likewise OW. Padding is zeros.
public func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor?,
                   stride: Int = 1, padding: Int = 0) -> Tensor {
  let g = ConvolutionShape(input: input.shape, weight: weight.shape,
                           stride: stride, padding: padding, "conv2d")
  if let bias {
    precondition(bias.shape == [g.outChannels],
                 "[conv2d] bias shape \(bias.shape) for weight "
                 + "\(weight.shape); expected [\(g.outChannels)]")
  }
  var output = Tensor(zeros: g.outShape)
  guard output.count > 0 else { return output }
  let outSize = g.outChannels * g.outPixels
  let (workers, gemmThreads) = g.threadPlan

  input.scalars.withUnsafeBufferPointer { x in
    weight.scalars.withUnsafeBufferPointer { w in
      output.scalars.withUnsafeMutableBufferPointer { y in
        let (xBase, wBase, yBase) = (x.baseAddress!, w.baseAddress!,
                                     y.baseAddress!)
        Parallel.forEach(workers, threads: workers) { worker in
          let columns = UnsafeMutablePointer<Float>.allocate(
            capacity: max(1, g.patchSize * g.outPixels))
          defer { columns.deallocate() }
          let first = g.batch * worker / workers
          let last = g.batch * (worker + 1) / workers
          for n in first..<last {
            let image = yBase + n * outSize
            if let bias {
              for o in 0..<g.outChannels {
                (image + o * g.outPixels).update(
                  repeating: bias.scalars[o], count: g.outPixels)
              }
            }
            guard g.patchSize > 0 else { continue }
            g.im2col(xBase + n * g.imageSize, columns)
            Gemm.multiply(
              m: g.outChannels, n: g.outPixels, k: g.patchSize,
              a: wBase, lda: g.patchSize, transposeA: false,
              b: columns, ldb: g.outPixels, transposeB: false,
              c: image, ldc: g.outPixels, alpha: 1, beta: bias == nil ? 0 : 1,
              threads: gemmThreads)
          }
        }
      }
    }
  }
  return output
}

/// Gradients of `conv2d` with respect to its input, weight and bias, given
/// the gradient of the loss with respect to its output.
///
/// Shapes: input `[N, C, H, W]`, weight `[O, C, KH, KW]`, outputGradient
/// `[N, O, OH, OW]` -> input `[N, C, H, W]`, weight `[O, C, KH, KW]`,
/// bias `[O]`. Formulas, with X the im2col matrix of image n and dYₙ the
/// output gradient as `[O, OH·OW]`:
/// `dW = Σₙ dYₙ·Xₙᵀ`, `dXₙ = col2im(Wᵀ·dYₙ)`, `db[o] = Σₙ,ₚ dY[n, o, p]`.
public func conv2dBackward(input: Tensor, weight: Tensor,
                           outputGradient: Tensor, stride: Int,
                           padding: Int)
  -> (input: Tensor, weight: Tensor, bias: Tensor) {
  let g = ConvolutionShape(input: input.shape, weight: weight.shape,
                           stride: stride, padding: padding, "conv2dBackward")
  precondition(outputGradient.shape == g.outShape,
               "[conv2dBackward] outputGradient shape "
               + "\(outputGradient.shape), expected \(g.outShape)")
  var inputGradient = Tensor(zeros: input.shape)
  var weightGradient = Tensor(zeros: weight.shape)
  var biasGradient = Tensor(zeros: [g.outChannels])
  let outSize = g.outChannels * g.outPixels
  guard outputGradient.count > 0 else {
    return (inputGradient, weightGradient, biasGradient)
  }

  // Bias: sum each output channel over batch and pixels, in Double.
  outputGradient.scalars.withUnsafeBufferPointer { dy in
    for o in 0..<g.outChannels {
      var total = 0.0
      for n in 0..<g.batch {
        let plane = dy.baseAddress! + n * outSize + o * g.outPixels
        for p in 0..<g.outPixels { total += Double(plane[p]) }
      }
      biasGradient.scalars[o] = Float(total)
    }
  }
  guard g.patchSize > 0 else {
    return (inputGradient, weightGradient, biasGradient)
  }

  // Each worker sums dW over its images into its own slice of `partials`;
  // the slices are added afterwards so no two threads write one value.
  let (workers, gemmThreads) = g.threadPlan
  let weightCount = weight.count
  var partials = [Float](repeating: 0, count: workers * weightCount)
  input.scalars.withUnsafeBufferPointer { x in
    weight.scalars.withUnsafeBufferPointer { w in
      outputGradient.scalars.withUnsafeBufferPointer { dy in
        inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
          partials.withUnsafeMutableBufferPointer { dw in
            let (xBase, wBase, dyBase, dxBase, dwBase) = (
              x.baseAddress!, w.baseAddress!, dy.baseAddress!,
              dx.baseAddress!, dw.baseAddress!)
            Parallel.forEach(workers, threads: workers) { worker in
              let columns = UnsafeMutablePointer<Float>.allocate(
                capacity: g.patchSize * g.outPixels)
              defer { columns.deallocate() }
              let first = g.batch * worker / workers
              let last = g.batch * (worker + 1) / workers
              for n in first..<last {
                let gradient = dyBase + n * outSize
                g.im2col(xBase + n * g.imageSize, columns)
                Gemm.multiply(
                  m: g.outChannels, n: g.patchSize, k: g.outPixels,
                  a: gradient, lda: g.outPixels, transposeA: false,
                  b: columns, ldb: g.outPixels, transposeB: true,
                  c: dwBase + worker * weightCount, ldc: g.patchSize,
                  alpha: 1, beta: n == first ? 0 : 1, threads: gemmThreads)
                Gemm.multiply(
                  m: g.patchSize, n: g.outPixels, k: g.outChannels,
                  a: wBase, lda: g.patchSize, transposeA: true,
                  b: gradient, ldb: g.outPixels, transposeB: false,
                  c: columns, ldc: g.outPixels, alpha: 1, beta: 0,
                  threads: gemmThreads)
                g.col2im(columns, dxBase + n * g.imageSize)
              }
            }
          }
        }
      }
    }
  }
  for worker in 0..<workers {
    for i in 0..<weightCount {
      weightGradient.scalars[i] += partials[worker * weightCount + i]
    }
  }
  return (inputGradient, weightGradient, biasGradient)
}

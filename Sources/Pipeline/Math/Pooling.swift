// 2-D max pooling over the last two axes of `[N, C, H, W]`.

/// The output length of a pooling window sliding over `length` inputs.
///
/// Floor mode counts the windows that fit entirely. Ceil mode also keeps a
/// last partial window, as long as it starts inside the input.
func pooledLength(_ length: Int, size: Int, stride: Int,
                  ceilMode: Bool) -> Int {
  guard length >= size else { return ceilMode && length > 0 ? 1 : 0 }
  let span = length - size
  var windows = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
  if ceilMode && (windows - 1) * stride >= length { windows -= 1 }
  return windows
}

/// Max pooling: each output is the largest input in its `size`×`size`
/// window, windows `stride` apart, no padding.
///
/// Shapes: input `[N, C, H, W]` -> output `[N, C, OH, OW]` with
/// `OH = ⌊(H − size) / stride⌋ + 1`, or the ceiling when `ceilMode`
/// (a partial window at the edge then pools what it covers). `argmax`
/// holds, for every output, the flat index into `input.scalars` of the
/// winning element (the first one on ties; a NaN wins), for the backward
/// pass.
public func maxPool2d(_ input: Tensor, size: Int, stride: Int,
                      ceilMode: Bool = false)
  -> (output: Tensor, argmax: [Int32]) {
  precondition(input.rank == 4,
               "[maxPool2d] needs input [N, C, H, W], got \(input.shape)")
  precondition(size >= 1 && stride >= 1,
               "[maxPool2d] size \(size) and stride \(stride) must be >= 1")
  precondition(input.count <= Int(Int32.max),
               "[maxPool2d] input \(input.shape) too large for Int32 indices")
  let (planes, height, width) = (input.shape[0] * input.shape[1],
                                 input.shape[2], input.shape[3])
  let outHeight = pooledLength(height, size: size, stride: stride,
                               ceilMode: ceilMode)
  let outWidth = pooledLength(width, size: size, stride: stride,
                              ceilMode: ceilMode)
  var output = Tensor(zeros: [input.shape[0], input.shape[1], outHeight,
                              outWidth])
  var argmax = [Int32](repeating: 0, count: output.count)

  let planeSize = height * width
  let outPlaneSize = outHeight * outWidth
  let threads = input.count >= 1 << 16 ? Parallel.threadCount : 1
  input.scalars.withUnsafeBufferPointer { x in
    output.scalars.withUnsafeMutableBufferPointer { y in
      argmax.withUnsafeMutableBufferPointer { index in
        let (xBase, yBase, indexBase) = (x.baseAddress!, y.baseAddress!,
                                         index.baseAddress!)
        Parallel.forEach(planes, threads: threads) { plane in
          let base = plane * planeSize
          var o = plane * outPlaneSize
          for oh in 0..<outHeight {
            let top = oh * stride
            let bottom = min(top + size, height)
            for ow in 0..<outWidth {
              let left = ow * stride
              let right = min(left + size, width)
              var best = base + top * width + left
              var bestValue = xBase[best]
              var sawNaN = false
              for ih in top..<bottom {
                let line = base + ih * width
                for iw in left..<right {
                  // Selects, not branches: the winner is unpredictable.
                  let value = xBase[line + iw]
                  let wins = value > bestValue
                  best = wins ? line + iw : best
                  bestValue = wins ? value : bestValue
                  sawNaN = sawNaN || value.isNaN
                }
              }
              if sawNaN {
                best = firstNaN(xBase, base, width, top..<bottom,
                                left..<right)
                bestValue = xBase[best]
              }
              yBase[o] = bestValue
              indexBase[o] = Int32(truncatingIfNeeded: best)
              o += 1
            }
          }
        }
      }
    }
  }
  return (output, argmax)
}

/// The flat index of the first NaN in a window known to hold one.
private func firstNaN(_ x: UnsafePointer<Float>, _ base: Int, _ width: Int,
                      _ rows: Range<Int>, _ columns: Range<Int>) -> Int {
  for ih in rows {
    for iw in columns where x[base + ih * width + iw].isNaN {
      return base + ih * width + iw
    }
  }
  preconditionFailure("[maxPool2d] window without NaN")
}

/// The gradient of `maxPool2d` with respect to its input: each output
/// gradient flows to the input element that won its window; overlapping
/// windows add up.
///
/// Shapes: outputGradient `[N, C, OH, OW]`, argmax one index per output
/// as returned by `maxPool2d`, inputShape `[N, C, H, W]` -> `[N, C, H, W]`.
public func maxPool2dBackward(outputGradient: Tensor, argmax: [Int32],
                              inputShape: [Int]) -> Tensor {
  precondition(argmax.count == outputGradient.count,
               "[maxPool2dBackward] \(argmax.count) indices for "
               + "outputGradient \(outputGradient.shape)")
  var inputGradient = Tensor(zeros: inputShape)
  let limit = inputGradient.count
  inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
    outputGradient.scalars.withUnsafeBufferPointer { dy in
      for o in 0..<dy.count {
        let target = Int(argmax[o])
        precondition(target >= 0 && target < limit,
                     "[maxPool2dBackward] index \(target) outside "
                     + "inputShape \(inputShape)")
        dx[target] += dy[o]
      }
    }
  }
  return inputGradient
}

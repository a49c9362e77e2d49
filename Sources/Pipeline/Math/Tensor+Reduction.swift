// Reductions: whole-tensor sums and per-axis sum, max and argmax.

extension Tensor {
  /// The sum of all elements, accumulated in Double so that long sums of
  /// small terms keep their precision. 0 for an empty tensor.
  public func sum() -> Float {
    var total = 0.0
    scalars.withUnsafeBufferPointer { x in
      for value in x { total += Double(value) }
    }
    return Float(total)
  }

  /// The arithmetic mean of all elements; NaN for an empty tensor.
  public func mean() -> Float {
    count == 0 ? .nan : Float(Double(sum()) / Double(count))
  }

  /// Splits the shape around `axis` into `(outer, length, inner)` so that
  /// element `[o, a, i]` sits at `(o * length + a) * inner + i`.
  private func axisGeometry(_ axis: Int, _ name: String)
    -> (outer: Int, length: Int, inner: Int) {
    precondition(axis >= 0 && axis < rank,
                 "[\(name)] axis \(axis) out of range for shape \(shape)")
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    return (outer, shape[axis], inner)
  }

  /// Folds `combine` along `axis`, starting from the first slice; the
  /// axis is removed from the shape.
  private func reduce(axis: Int, _ name: String,
                      _ combine: (Float, Float) -> Float) -> Tensor {
    let (outer, length, inner) = axisGeometry(axis, name)
    precondition(length > 0 || name == "sum",
                 "[\(name)] empty axis \(axis) in shape \(shape)")
    var out = [Float](repeating: 0, count: outer * inner)
    scalars.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { y in
        for o in 0..<outer where length > 0 {
          let base = o * length * inner
          for i in 0..<inner { y[o * inner + i] = x[base + i] }
          for a in 1..<Swift.max(length, 1) {
            let slice = base + a * inner
            for i in 0..<inner {
              y[o * inner + i] = combine(y[o * inner + i], x[slice + i])
            }
          }
        }
      }
    }
    var newShape = shape
    newShape.remove(at: axis)
    return Tensor(shape: newShape, scalars: out)
  }

  /// The sum along `axis`, which is removed: `[m, n]` with axis 0 -> `[n]`.
  public func sum(axis: Int) -> Tensor {
    reduce(axis: axis, "sum") { $0 + $1 }
  }

  /// The maximum along `axis`, which is removed. NaN propagates.
  public func max(axis: Int) -> Tensor {
    reduce(axis: axis, "max") { $0.isNaN || $0 > $1 ? $0 : $1 }
  }

  /// The index of the largest element along `axis` of a rank-2 tensor:
  /// axis 1 gives one index per row, axis 0 one per column. Ties go to the
  /// first index; a NaN wins over numbers.
  public func argmax(axis: Int) -> [Int] {
    precondition(rank == 2, "[argmax] needs rank 2, got shape \(shape)")
    precondition(axis == 0 || axis == 1,
                 "[argmax] axis \(axis) out of range for shape \(shape)")
    let (m, n) = (shape[0], shape[1])
    let (lines, length) = axis == 1 ? (m, n) : (n, m)
    precondition(length > 0, "[argmax] empty axis \(axis) in shape \(shape)")
    let (lineStep, elementStep) = axis == 1 ? (n, 1) : (1, n)
    var result = [Int](repeating: 0, count: lines)
    scalars.withUnsafeBufferPointer { x in
      for line in 0..<lines {
        var best = 0
        var bestValue = x[line * lineStep]
        for a in 1..<length where !bestValue.isNaN {
          let value = x[line * lineStep + a * elementStep]
          if value > bestValue || value.isNaN {
            best = a
            bestValue = value
          }
        }
        result[line] = best
      }
    }
    return result
  }
}

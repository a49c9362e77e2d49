/// A dense float32 array of any rank, stored row-major (C order).
///
/// The last axis varies fastest: element `[i, j]` of a `[m, n]` tensor sits
/// at `scalars[i * n + j]`. A tensor is a value: copies are cheap until one
/// of them is written (copy-on-write through `[Float]`).
public struct Tensor: Equatable, Sendable {
  public var shape: [Int]
  public var scalars: [Float]

  /// Wraps `scalars` with `shape`; `scalars.count` must be the product of
  /// the dimensions (an empty shape holds one scalar).
  public init(shape: [Int], scalars: [Float]) {
    precondition(shape.allSatisfy { $0 >= 0 },
                 "[Tensor] negative dimension in shape \(shape)")
    precondition(scalars.count == Tensor.elementCount(shape),
                 "[Tensor] shape \(shape) needs \(Tensor.elementCount(shape))"
                 + " scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of `shape` filled with zeros.
  public init(zeros shape: [Int]) {
    self.init(repeating: 0, shape: shape)
  }

  /// A tensor of `shape` with every element equal to `value`.
  public init(repeating value: Float, shape: [Int]) {
    precondition(shape.allSatisfy { $0 >= 0 },
                 "[Tensor] negative dimension in shape \(shape)")
    self.shape = shape
    self.scalars = [Float](repeating: value,
                           count: Tensor.elementCount(shape))
  }

  /// The number of axes.
  public var rank: Int { shape.count }

  /// The number of elements, the product of the dimensions.
  public var count: Int { scalars.count }

  /// The product of `shape`'s dimensions (1 for a scalar shape `[]`).
  @inlinable
  public static func elementCount(_ shape: [Int]) -> Int {
    shape.reduce(1, *)
  }

  /// Element `[row, column]` of a rank-2 tensor.
  public subscript(row: Int, column: Int) -> Float {
    get {
      precondition(rank == 2, "[Tensor] 2-index subscript on shape \(shape)")
      precondition(row >= 0 && row < shape[0] && column >= 0
                   && column < shape[1],
                   "[Tensor] index [\(row), \(column)] out of \(shape)")
      return scalars[row * shape[1] + column]
    }
    set {
      precondition(rank == 2, "[Tensor] 2-index subscript on shape \(shape)")
      precondition(row >= 0 && row < shape[0] && column >= 0
                   && column < shape[1],
                   "[Tensor] index [\(row), \(column)] out of \(shape)")
      scalars[row * shape[1] + column] = newValue
    }
  }

  /// The same scalars seen with another shape of equal element count.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    precondition(Tensor.elementCount(newShape) == count,
                 "[reshaped] cannot view shape \(shape) as \(newShape)")
    return Tensor(shape: newShape, scalars: scalars)
  }

  /// The matrix transpose, as a new copy: `[m, n] -> [n, m]`.
  ///
  /// Products with a transpose should use `matmul(_:_:transposeA:...)`
  /// instead, which never copies.
  public func transposed() -> Tensor {
    precondition(rank == 2, "[transposed] needs rank 2, got shape \(shape)")
    let (m, n) = (shape[0], shape[1])
    var out = [Float](repeating: 0, count: count)
    let block = 32
    scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        // Tiles keep both the reads and the writes inside the cache.
        for i0 in stride(from: 0, to: m, by: block) {
          for j0 in stride(from: 0, to: n, by: block) {
            for i in i0..<Swift.min(i0 + block, m) {
              for j in j0..<Swift.min(j0 + block, n) {
                dst[j * m + i] = src[i * n + j]
              }
            }
          }
        }
      }
    }
    return Tensor(shape: [n, m], scalars: out)
  }

  /// The slices at `indices` along the first axis, in that order:
  /// `[d0, rest...] -> [indices.count, rest...]`.
  public func rows(_ indices: [Int]) -> Tensor {
    precondition(rank >= 1, "[rows] needs rank >= 1, got shape \(shape)")
    let width = shape[0] == 0 ? 0 : count / shape[0]
    var out = [Float]()
    out.reserveCapacity(indices.count * width)
    for index in indices {
      precondition(index >= 0 && index < shape[0],
                   "[rows] index \(index) out of 0..<\(shape[0])")
      out.append(contentsOf: scalars[index * width..<(index + 1) * width])
    }
    return Tensor(shape: [indices.count] + shape.dropFirst(), scalars: out)
  }

  /// The slices in `range` along the first axis:
  /// `[d0, rest...] -> [range.count, rest...]`.
  public func rows(_ range: Range<Int>) -> Tensor {
    precondition(rank >= 1, "[rows] needs rank >= 1, got shape \(shape)")
    precondition(range.lowerBound >= 0 && range.upperBound <= shape[0],
                 "[rows] range \(range) out of 0..<\(shape[0])")
    let width = shape[0] == 0 ? 0 : count / shape[0]
    let slice = scalars[range.lowerBound * width..<range.upperBound * width]
    return Tensor(shape: [range.count] + shape.dropFirst(),
                  scalars: Array(slice))
  }
}

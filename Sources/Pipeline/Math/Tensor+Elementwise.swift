// Elementwise arithmetic. Two tensors must have the same shape; the one
// broadcast offered is `addingRow`, the bias of a dense layer.

extension Tensor {
  /// `f` applied to every element; the shape is kept.
  public func map(_ f: (Float) -> Float) -> Tensor {
    Tensor(shape: shape, scalars: scalars.map(f))
  }

  /// `self[i, j] + row[j]`: shapes `[m, n] + [n] -> [m, n]`.
  public func addingRow(_ row: Tensor) -> Tensor {
    precondition(rank == 2 && row.rank == 1 && row.shape[0] == shape[1],
                 "[addingRow] shapes \(shape) and \(row.shape) do not "
                 + "broadcast; expected [m, n] and [n]")
    var out = self
    let n = shape[1]
    out.scalars.withUnsafeMutableBufferPointer { dst in
      row.scalars.withUnsafeBufferPointer { bias in
        for i in 0..<shape[0] {
          let line = dst.baseAddress! + i * n
          for j in 0..<n { line[j] += bias[j] }
        }
      }
    }
    return out
  }

  /// `op(lhs[i], rhs[i])` for tensors of one shape; `name` is for messages.
  @inline(__always)
  static func zip(_ lhs: Tensor, _ rhs: Tensor, _ name: String,
                  _ op: (Float, Float) -> Float) -> Tensor {
    precondition(lhs.shape == rhs.shape,
                 "[\(name)] shapes \(lhs.shape) and \(rhs.shape) differ")
    var out = [Float](repeating: 0, count: lhs.count)
    lhs.scalars.withUnsafeBufferPointer { a in
      rhs.scalars.withUnsafeBufferPointer { b in
        out.withUnsafeMutableBufferPointer { c in
          for i in 0..<c.count { c[i] = op(a[i], b[i]) }
        }
      }
    }
    return Tensor(shape: lhs.shape, scalars: out)
  }

  /// `lhs[i] = op(lhs[i], rhs[i])` in place, for tensors of one shape.
  @inline(__always)
  static func update(_ lhs: inout Tensor, _ rhs: Tensor, _ name: String,
                     _ op: (Float, Float) -> Float) {
    precondition(lhs.shape == rhs.shape,
                 "[\(name)] shapes \(lhs.shape) and \(rhs.shape) differ")
    rhs.scalars.withUnsafeBufferPointer { b in
      lhs.scalars.withUnsafeMutableBufferPointer { a in
        for i in 0..<a.count { a[i] = op(a[i], b[i]) }
      }
    }
  }

  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
    zip(lhs, rhs, "+") { $0 + $1 }
  }
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
    zip(lhs, rhs, "-") { $0 - $1 }
  }
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
    zip(lhs, rhs, "*") { $0 * $1 }
  }
  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
    zip(lhs, rhs, "/") { $0 / $1 }
  }

  public static func + (lhs: Tensor, rhs: Float) -> Tensor {
    lhs.map { $0 + rhs }
  }
  public static func - (lhs: Tensor, rhs: Float) -> Tensor {
    lhs.map { $0 - rhs }
  }
  public static func * (lhs: Tensor, rhs: Float) -> Tensor {
    lhs.map { $0 * rhs }
  }
  public static func / (lhs: Tensor, rhs: Float) -> Tensor {
    lhs.map { $0 / rhs }
  }

  public static func + (lhs: Float, rhs: Tensor) -> Tensor {
    rhs.map { lhs + $0 }
  }
  public static func - (lhs: Float, rhs: Tensor) -> Tensor {
    rhs.map { lhs - $0 }
  }
  public static func * (lhs: Float, rhs: Tensor) -> Tensor {
    rhs.map { lhs * $0 }
  }
  public static func / (lhs: Float, rhs: Tensor) -> Tensor {
    rhs.map { lhs / $0 }
  }

  public static prefix func - (operand: Tensor) -> Tensor {
    operand.map { -$0 }
  }

  public static func += (lhs: inout Tensor, rhs: Tensor) {
    update(&lhs, rhs, "+=") { $0 + $1 }
  }
  public static func -= (lhs: inout Tensor, rhs: Tensor) {
    update(&lhs, rhs, "-=") { $0 - $1 }
  }
  public static func *= (lhs: inout Tensor, rhs: Tensor) {
    update(&lhs, rhs, "*=") { $0 * $1 }
  }
  public static func *= (lhs: inout Tensor, rhs: Float) {
    lhs.scalars.withUnsafeMutableBufferPointer { a in
      for i in 0..<a.count { a[i] *= rhs }
    }
  }
}

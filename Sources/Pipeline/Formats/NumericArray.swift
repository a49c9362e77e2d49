/// An n-dimensional array of numbers in row-major (C) order: the last
/// index varies fastest.
///
/// A shape of `[]` holds one value (a scalar); a zero anywhere in the
/// shape holds none.
public struct NumericArray: Equatable, Sendable {
    public var shape: [Int]
    public var values: NumericValues

    public init(shape: [Int], values: NumericValues) {
        precondition(
            shape.allSatisfy { $0 >= 0 }
                && NumericArray.count(of: shape) == values.count,
            "shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.values = values
    }

    /// The number of elements of `shape`, or nil when it overflows `Int`
    /// or a dimension is negative.
    static func count(of shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(
                by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
}

extension NumericValues {
    /// The values reordered from column-major (Fortran, MATLAB: first index
    /// fastest) to row-major order for the same `shape`.
    func rowMajor(fromColumnMajor shape: [Int]) -> NumericValues {
        visit(RowMajorVisitor(shape: shape))
    }
}

private struct RowMajorVisitor: NumericVisitor {
    let shape: [Int]

    func visit<Element: StoredNumber>(_ values: [Element]) -> NumericValues {
        Element.wrap(rowMajor(values, fromColumnMajor: shape))
    }
}

/// Reorders `values` from column-major to row-major order for `shape`.
func rowMajor<Element>(
    _ values: [Element], fromColumnMajor shape: [Int]
) -> [Element] {
    // Dimensions of 1 do not change the order; drop them first so that a
    // [1, n, 1] vector costs nothing and a [r, c, 1] image is a matrix.
    let dimensions = shape.filter { $0 != 1 }
    precondition(NumericArray.count(of: shape) == values.count)
    guard dimensions.count >= 2, !values.isEmpty else { return values }

    return [Element](unsafeUninitializedCapacity: values.count) {
        target, filled in
        values.withUnsafeBufferPointer { source in
            if dimensions.count == 2 {
                transpose(
                    source, into: target,
                    rows: dimensions[1], columns: dimensions[0])
            } else {
                reverseAxes(source, into: target, shape: dimensions)
            }
        }
        filled = values.count
    }
}

/// Writes the transpose of the row-major `rows` x `columns` matrix in
/// `source` into `target`, in tiles that stay in the cache.
private func transpose<Element>(
    _ source: UnsafeBufferPointer<Element>,
    into target: UnsafeMutableBufferPointer<Element>,
    rows: Int, columns: Int
) {
    let tile = 32
    for rowStart in stride(from: 0, to: rows, by: tile) {
        let rowEnd = min(rowStart + tile, rows)
        for columnStart in stride(from: 0, to: columns, by: tile) {
            let columnEnd = min(columnStart + tile, columns)
            for row in rowStart..<rowEnd {
                for column in columnStart..<columnEnd {
                    target.initializeElement(
                        at: column * rows + row,
                        to: source[row * columns + column])
                }
            }
        }
    }
}

/// Writes `source`, column-major for `shape`, into `target` in row-major
/// order: element (i0, i1, ..., ik) moves from i0 + d0 * (i1 + d1 * ...)
/// to ((i0 * d1 + i1) * d2 + ...).
private func reverseAxes<Element>(
    _ source: UnsafeBufferPointer<Element>,
    into target: UnsafeMutableBufferPointer<Element>,
    shape: [Int]
) {
    var strides = [Int](repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) {
        strides[axis] = strides[axis + 1] * shape[axis + 1]
    }

    // Walk the source in order with an odometer over indices 1..., the
    // first index (contiguous in the source) in the inner loop.
    var index = [Int](repeating: 0, count: shape.count)
    var targetStart = 0
    var sourceOffset = 0
    while sourceOffset < source.count {
        for first in 0..<shape[0] {
            target.initializeElement(
                at: targetStart + first * strides[0],
                to: source[sourceOffset + first])
        }
        sourceOffset += shape[0]

        var axis = 1
        while axis < shape.count {
            index[axis] += 1
            targetStart += strides[axis]
            if index[axis] < shape[axis] { break }
            targetStart -= strides[axis] * shape[axis]
            index[axis] = 0
            axis += 1
        }
    }
}

import Requirements

/// Slicing, concatenation, sums along any axis and swapped axes, outside a tape: the forward halves of
/// ``Variable/sliced(axis:_:)``, ``Variable/concat(_:axis:)``, ``Variable/sum(axis:)`` and ``Variable/transposed(_:_:)``.
///
/// An axis op views a tensor as [outer, dim, inner] around the chosen axis,
/// so one strided copy serves the feature axis (`axis: -1`), the time axis of
/// a batch-first [B, T, F] tensor (`axis: 1`), or any other.
extension Tensor {
    /// Elements `range` along `axis` (negative axes count from the end):
    /// [.., D, ..] -> [.., range.count, ..]. `x.sliced(axis: 1, 0..<10)` is the
    /// first 10 time steps of a batch-first x [B, T, F].
    public func sliced(axis: Int, _ range: Range<Int>) -> Tensor {
        let ax = normalizedAxis(axis, rank: rank)
        require(range.lowerBound >= 0 && range.upperBound <= shape[ax],
                     "sliced: range \(range) out of 0..<\(shape[ax]) on axis \(ax) of shape \(shape)")
        var outShape = shape
        outShape[ax] = range.count
        var out = Tensor(zeros: outShape)
        copyBlocks(from: self, axis: ax, offset: range.lowerBound, into: &out, outOffset: 0, length: range.count, accumulate: false)
        return out
    }

    /// `parts` one after the other along `axis` (negative axes count from the end);
    /// all other dimensions must agree: [.., D₁, ..], [.., D₂, ..] -> [.., D₁ + D₂, ..].
    public static func concat(_ parts: [Tensor], axis: Int) -> Tensor {
        require(!parts.isEmpty, "concat: nothing to concatenate")
        let first = parts[0].shape
        let ax = normalizedAxis(axis, rank: first.count)
        for p in parts {
            var s = p.shape
            require(s.count == first.count, "concat: shapes \(first) and \(s) differ in rank")
            s[ax] = first[ax]
            require(s == first, "concat: shapes \(first) and \(p.shape) differ off axis \(ax)")
        }
        var outShape = first
        outShape[ax] = parts.reduce(0) { $0 + $1.shape[ax] }
        var out = Tensor(zeros: outShape)
        var offset = 0
        for p in parts {
            copyBlocks(from: p, axis: ax, offset: 0, into: &out, outOffset: offset, length: p.shape[ax], accumulate: false)
            offset += p.shape[ax]
        }
        return out
    }
}

extension Tensor {
    /// The sum along `axis` (negative axes count from the end), which goes, as PyTorch's `x.sum(dim=axis)`:
    /// [.., D, ..] -> [.., ..]. `x.sum(axis: 1)` of a batch-first x [B, T, F] sums over time, [B, F].
    public func sum(axis: Int) -> Tensor {
        let ax = normalizedAxis(axis, rank: rank)
        var kept = shape
        kept[ax] = 1
        var out = Tensor(zeros: kept)
        for d in 0..<shape[ax] { copyBlocks(from: self, axis: ax, offset: d, into: &out, outOffset: 0, length: 1, accumulate: true) }
        kept.remove(at: ax)
        return out.reshaped(kept)
    }
}

extension Tensor {
    /// Axes `axis0` and `axis1` swapped (negative axes count from the end), as PyTorch's `x.transpose(axis0, axis1)`,
    /// copied rather than a view: [.., A, .., B, ..] -> [.., B, .., A, ..]. `x.transposed(0, 1)` of a time-major
    /// x [T, B, F] is batch-first, [B, T, F]; of a matrix, its transpose (as ``transposed()``).
    public func transposed(_ axis0: Int, _ axis1: Int) -> Tensor {
        let (p, q) = (normalizedAxis(axis0, rank: rank), normalizedAxis(axis1, rank: rank))
        let (a, b) = (min(p, q), max(p, q))
        guard a != b else { return self }
        var outShape = shape
        outShape.swapAt(a, b)
        var out = Tensor(zeros: outShape)
        // [outer, A, middle, B, inner] -> [outer, B, middle, A, inner], a block of `inner` at a time.
        let outer = shape[..<a].reduce(1, *), middle = shape[(a + 1)..<b].reduce(1, *), inner = shape[(b + 1)...].reduce(1, *)
        let (dimA, dimB) = (shape[a], shape[b])
        guard count > 0 else { return out }
        withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                for o in 0..<outer {
                    for i in 0..<dimA {
                        for m in 0..<middle {
                            for j in 0..<dimB {
                                let source = x.baseAddress! + (((o * dimA + i) * middle + m) * dimB + j) * inner
                                (y.baseAddress! + (((o * dimB + j) * middle + m) * dimA + i) * inner).copyScalars(from: source, count: inner)
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// `axis` in 0..<rank, with negative axes counting from the end.
func normalizedAxis(_ axis: Int, rank: Int) -> Int {
    let ax = axis < 0 ? axis + rank : axis
    require(ax >= 0 && ax < rank, "axis \(axis) out of range for rank \(rank)")
    return ax
}

/// Copies (or adds) `length` entries along `axis` from `source` starting at
/// `offset` into `dest` starting at `outOffset`; both are viewed as
/// [outer, dim, inner] around the axis and must agree on outer and inner.
func copyBlocks<Scalar: TensorScalar>(from source: Tensor<Scalar>, axis: Int, offset: Int,
                                      into dest: inout Tensor<Scalar>, outOffset: Int, length: Int, accumulate: Bool) {
    let s = source.shape, d = dest.shape
    let outer = s[..<axis].reduce(1, *)
    let inner = s[(axis + 1)...].reduce(1, *)
    let (sDim, dDim) = (s[axis], d[axis])
    let block = length * inner
    if block == 0 || outer == 0 { return }
    source.withUnsafeBufferPointer { ps in
        dest.withUnsafeMutableBufferPointer { pd in
            for o in 0..<outer {
                let src = ps.baseAddress! + (o * sDim + offset) * inner
                let dst = pd.baseAddress! + (o * dDim + outOffset) * inner
                if accumulate { Scalar.addKernel(src, dst, block) } else { dst.copyScalars(from: src, count: block) }
            }
        }
    }
}

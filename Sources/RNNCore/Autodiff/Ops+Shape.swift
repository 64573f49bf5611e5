import Requirements

/// Differentiable reshaping, slicing, concatenation and row gathering (the
/// axis ops' forward halves are ``Tensor/sliced(axis:_:)`` and ``Tensor/concat(_:axis:)``).
extension Variable {
    /// The same elements under a new shape.
    @_specialize(where Scalar == Float)
    public func reshaped(_ shape: [Int]) -> Variable {
        let old = value.shape
        let a = id
        return tape.record(value.reshaped(shape), inputs: [self]) { tape, g in
            tape.accumulate(g.reshaped(old), into: a)
        }
    }

    /// Elements `range` along `axis` (negative axes count from the end).
    /// [.., D, ..] -> [.., range.count, ..].
    @_specialize(where Scalar == Float)
    public func sliced(axis: Int, _ range: Range<Int>) -> Variable {
        let shape = value.shape
        let ax = normalizedAxis(axis, rank: shape.count)
        let a = id
        return tape.record(value.sliced(axis: ax, range), inputs: [self]) { tape, g in
            tape.updateGradient(of: a, shape: shape) { dx in
                copyBlocks(from: g, axis: ax, offset: 0, into: &dx, outOffset: range.lowerBound, length: range.count, accumulate: true)
            }
        }
    }

    /// Axes `axis0` and `axis1` swapped (negative axes count from the end), as PyTorch's `x.transpose(axis0, axis1)`,
    /// copied rather than a view: [.., A, .., B, ..] -> [.., B, .., A, ..]. `x.transposed(0, 1)` of a time-major
    /// x [T, B, F] is batch-first, [B, T, F]; of a matrix, its transpose. Its gradient is the output's, swapped back.
    public func transposed(_ axis0: Int, _ axis1: Int) -> Variable {
        let a = id
        return tape.record(value.transposed(axis0, axis1), inputs: [self]) { tape, g in
            tape.accumulate(g.transposed(axis0, axis1), into: a)
        }
    }

    /// Index `index` along `axis`, removing that axis: [B, T, F] at axis 1 -> [B, F].
    public func select(axis: Int, _ index: Int) -> Variable {
        let ax = normalizedAxis(axis, rank: value.rank)
        var shape = value.shape
        shape.remove(at: ax)
        return sliced(axis: ax, index..<(index + 1)).reshaped(shape)
    }

    /// Splits along `axis` into pieces of the given sizes (which must sum to the axis length).
    public func split(axis: Int, sizes: [Int]) -> [Variable] {
        let ax = normalizedAxis(axis, rank: value.rank)
        require(sizes.reduce(0, +) == value.shape[ax], "split: sizes \(sizes) do not sum to \(value.shape[ax]) on axis \(ax) of \(value.shape)")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return sliced(axis: ax, start..<(start + size))
        }
    }

    /// Concatenates along `axis`; all other dimensions must agree.
    public static func concat(_ parts: [Variable], axis: Int) -> Variable {
        let out = Tensor.concat(parts.map(\.value), axis: axis)
        let ax = normalizedAxis(axis, rank: out.rank)
        let shapes = parts.map(\.value.shape)
        var offsets: [Int] = [], offset = 0
        for shape in shapes {
            offsets.append(offset)
            offset += shape[ax]
        }
        let ids = parts.map(\.id)
        return parts[0].tape.record(out, inputs: parts) { tape, g in
            for (k, id) in ids.enumerated() where id >= 0 {
                tape.updateGradient(of: id, shape: shapes[k]) { dx in
                    copyBlocks(from: g, axis: ax, offset: offsets[k], into: &dx, outOffset: 0, length: shapes[k][ax], accumulate: true)
                }
            }
        }
    }

    /// Stacks equal-shaped values along a new axis: T values [B, F] at axis 1 -> [B, T, F].
    public static func stack(_ parts: [Variable], axis: Int) -> Variable {
        require(!parts.isEmpty, "stack: nothing to stack")
        let shape = parts[0].value.shape
        let ax = axis < 0 ? axis + shape.count + 1 : axis
        require(ax >= 0 && ax <= shape.count, "stack: axis \(axis) for rank \(shape.count)")
        var expanded = shape
        expanded.insert(1, at: ax)
        return concat(parts.map { $0.reshaped(expanded) }, axis: ax)
    }

    /// Rows of a table by index: `self` [N, F], `indices` (each in 0..<N) ->
    /// [indices.count, F]. The embedding lookup; its gradient scatter-adds.
    public func gatheringRows(_ indices: [Int]) -> Variable { gatheringRows(indices, outOfRange: nil) }

    /// As ``gatheringRows(_:)``, with the message of an index outside 0..<N written by `outOfRange(index, N)`
    /// (see ``Tensor/gatheringRows(_:outOfRange:)``).
    func gatheringRows(_ indices: [Int], outOfRange: ((_ index: Int, _ rows: Int) -> String)?) -> Variable {
        let a = id
        let shape = value.shape
        return tape.record(value.gatheringRows(indices, outOfRange: outOfRange), inputs: [self]) { tape, g in
            tape.updateGradient(of: a, shape: shape) { $0.addRows(g, at: indices) }
        }
    }

    /// Sum of all elements, as a rank-0 value.
    public func sum() -> Variable {
        let shape = value.shape
        let a = id
        return tape.record(Tensor(value.sum()), inputs: [self]) { tape, g in
            tape.accumulate(Tensor(repeating: g.scalar, shape: shape), into: a)
        }
    }

    /// Mean of all elements, as a rank-0 value.
    public func mean() -> Variable {
        require(value.count > 0, "mean: empty tensor")
        return sum() * (1 / Scalar(value.count))
    }

    /// The sum along `axis` (negative axes count from the end), which goes, as PyTorch's `x.sum(dim=axis)`:
    /// [.., D, ..] -> [.., ..]. Its gradient is the output's repeated along the axis.
    public func sum(axis: Int) -> Variable {
        let shape = value.shape
        let ax = normalizedAxis(axis, rank: shape.count)
        let a = id
        return tape.record(value.sum(axis: ax), inputs: [self]) { tape, g in
            var kept = shape
            kept[ax] = 1
            let row = g.reshaped(kept)
            tape.updateGradient(of: a, shape: shape) { dx in
                for d in 0..<shape[ax] { copyBlocks(from: row, axis: ax, offset: 0, into: &dx, outOffset: d, length: 1, accumulate: true) }
            }
        }
    }

    /// The mean along `axis` (negative axes count from the end), which goes, as PyTorch's `x.mean(dim=axis)`:
    /// [.., D, ..] -> [.., ..]. Mean pooling over time is `y.mean(axis: 1)` of a batch-first y [B, T, H], [B, H].
    /// - Precondition: the axis is not empty (D > 0).
    public func mean(axis: Int) -> Variable {
        let ax = normalizedAxis(axis, rank: value.rank)
        require(value.shape[ax] > 0, "mean: axis \(axis) of shape \(value.shape) is empty")
        return sum(axis: ax) * (1 / Scalar(value.shape[ax]))
    }

    /// Sum over the last dimension: [.., F] -> [..] (``sum(axis:)`` at -1, in one pass over each row).
    @_specialize(where Scalar == Float)
    public func sumLastAxis() -> Variable {
        let (a, cols) = (id, value.cols)
        return tape.record(value.sumLastAxis(), inputs: [self]) { tape, g in
            tape.accumulate(g.broadcastingLastAxis(cols), into: a)
        }
    }

    /// Mean over the first dimensions, keeping the last: [.., F] -> [F].
    public func meanRows() -> Variable {
        let rows = value.rows
        let a = id
        let shape = value.shape
        return tape.record(value.sumRows() * (1 / Scalar(rows)), inputs: [self]) { tape, g in
            tape.accumulate(Tensor(zeros: shape).addingRow(g * (1 / Scalar(rows))), into: a)
        }
    }
}

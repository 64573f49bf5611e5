import Requirements

/// Row gathers, scatters and last-axis sums and broadcasts on the matrix view
/// [rows, cols]: the forward and backward halves of embedding lookups and of
/// per-row statistics, shared by the autodiff ops and the recurrent layers.
extension Tensor {
    /// Rows `indices` of a table [N, F] (each index in 0..<N): [indices.count, F].
    public func gatheringRows(_ indices: [Int]) -> Tensor { gatheringRows(indices, outOfRange: nil) }

    /// As ``gatheringRows(_:)``; an index outside 0..<N traps with `outOfRange(index, N)`, the message of a
    /// caller that knows what its indices are (an embedding's token ids), or else with the gather's own.
    func gatheringRows(_ indices: [Int], outOfRange: ((_ index: Int, _ rows: Int) -> String)?) -> Tensor {
        require(rank == 2, "gatheringRows: table must be rank 2, got \(shape)")
        let (n, f) = (shape[0], shape[1])
        // Every row is written below (an index out of range stops the program first), so no zeroing pass.
        var out = Tensor(unsafeUninitializedShape: [indices.count, f])
        withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { o in
                for (r, index) in indices.enumerated() {
                    require(index >= 0 && index < n, outOfRange?(index, n) ?? "gatheringRows: index \(index) out of 0..<\(n)")
                    if f > 0 { (o.baseAddress! + r * f).copyScalars(from: t.baseAddress! + index * f, count: f) }
                }
            }
        }
        return out
    }

    /// Adds row r of `rows` [indices.count, F] into row indices[r] of `self`
    /// [N, F], summing repeated indices: the adjoint of ``gatheringRows(_:)``.
    public mutating func addRows(_ rows: Tensor, at indices: [Int]) {
        let f = cols
        require(rows.count == indices.count * f, "addRows: rows \(rows.shape) for \(indices.count) indices into \(shape)")
        if f == 0 { return }
        let n = self.rows
        rows.withUnsafeBufferPointer { d in
            withUnsafeMutableBufferPointer { t in
                for (r, index) in indices.enumerated() {
                    require(index >= 0 && index < n, "addRows: index \(index) out of 0..<\(n)")
                    Scalar.addKernel(d.baseAddress! + r * f, t.baseAddress! + index * f, f)
                }
            }
        }
    }

    /// The sum of each row: [.., F] -> [..].
    public func sumLastAxis() -> Tensor {
        let (rows, cols) = (self.rows, self.cols)
        var out = Tensor(zeros: Array(shape.dropLast()))
        if cols == 0 || rows == 0 { return out }
        withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for r in 0..<rows { o[r] = Scalar.sumKernel(x.baseAddress! + r * cols, cols) }
            }
        }
        return out
    }

    /// The index of the largest element of each row, PyTorch's `argmax(dim=-1)`: [.., F] -> one index in 0..<F per
    /// row, in row-major order (logits [B, C] give each sample's predicted class; [B, T, V] give B·T indices, sample
    /// b's step t at b·T + t). The first of equal maxima wins, and a NaN counts as the largest, as in PyTorch.
    /// - Precondition: the last axis is not empty (F > 0).
    public func argmaxLastAxis() -> [Int] {
        let (rows, cols) = (self.rows, self.cols)
        require(cols > 0 || rows == 0, "argmaxLastAxis: the last axis of shape \(shape) is empty")
        return withUnsafeBufferPointer { x in
            (0..<rows).map { r in
                let row = x.baseAddress! + r * cols
                var best = 0
                for c in 1..<cols where !row[best].isNaN && (row[c] > row[best] || row[c].isNaN) { best = c }
                return best
            }
        }
    }

    /// Every element repeated `count` times along a new last axis: [..] -> [.., count];
    /// the adjoint of ``sumLastAxis()``.
    public func broadcastingLastAxis(_ count: Int) -> Tensor {
        require(count >= 0, "broadcastingLastAxis: negative count \(count) for shape \(shape)")
        var out = Tensor(zeros: shape + [count])
        if count == 0 || self.count == 0 { return out }
        withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for r in 0..<x.count { Scalar.affineKernel(o.baseAddress! + r * count, 0, x[r], o.baseAddress! + r * count, count) }
            }
        }
        return out
    }
}

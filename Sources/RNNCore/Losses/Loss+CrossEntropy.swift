extension Loss {
    /// Softmax cross-entropy fused with the log-softmax, as `nn.CrossEntropyLoss`:
    /// the mean over rows of -log softmax(logits[r])[targets[r]], optionally
    /// weighted per row for masking: Σ wᵣ·nllᵣ / Σ wᵣ. With 0/1 weights this is
    /// PyTorch's `ignore_index`: rows of weight 0 (padding) count for nothing.
    /// If every weight is 0 the loss is 0 with no gradient (PyTorch gives NaN).
    /// The weights are per row, not PyTorch's per-class `weight`; that one's loss,
    /// Σ w[tᵣ]·nllᵣ / Σ w[tᵣ], is this one with `weights` wᵣ = w[targets[r]].
    ///
    /// The softmax is computed once, in one ``TensorScalar/softmaxCrossEntropyKernel(_:targets:rows:cols:probabilities:losses:)``
    /// pass, and kept for the pullback, which is (softmax - onehot)·wᵣ/Σw.
    ///
    /// Shapes: logits [N, V] (or [B, T, V], every leading position a row, N = B·T;
    /// or [V], one row, as PyTorch takes a (C) input), targets [N] with each id in 0..<V, weights [N].
    ///
    /// - Parameters:
    ///   - logits: unnormalized scores, [N, V].
    ///   - targets: the class id of each row, N of them.
    ///   - weights: per-row weights (a 0/1 mask), [N]; nil for all ones.
    /// - Returns: the weighted mean negative log-likelihood, rank 0.
    public static func crossEntropy<Scalar>(logits: Variable<Scalar>, targets: [Int],
                                            weights: Tensor<Scalar>? = nil) -> Variable<Scalar> {
        let (rows, cols) = (logits.value.rows, logits.value.cols)
        precondition(logits.value.rank >= 1 && targets.count == rows,
                     "Loss.crossEntropy: \(targets.count) targets for logits \(logits.shape), which hold \(rows) rows of V = \(cols)")
        if let weights {
            precondition(weights.count == rows, "Loss.crossEntropy: weights \(weights.shape) for logits \(logits.shape); one weight "
                         + "per row, \(rows) of them (for PyTorch's per-class weight w, give each row w[its target])")
        }
        for (r, t) in targets.enumerated() where t < 0 || t >= cols {
            preconditionFailure("Loss.crossEntropy: target \(t) at row \(r) out of 0..<\(cols) for logits \(logits.shape)")
        }
        let w = weights?.reshaped([rows]) ?? Tensor(repeating: 1, shape: [rows])
        let totalWeight = w.sum()
        var probabilities = Tensor<Scalar>(zeros: [rows, cols])
        var losses = Tensor<Scalar>(zeros: [rows])
        if rows > 0 && cols > 0 {
            logits.value.withUnsafeBufferPointer { x in
                targets.withUnsafeBufferPointer { t in
                    probabilities.withUnsafeMutableBufferPointer { p in
                        losses.withUnsafeMutableBufferPointer { l in
                            // Rows are independent: split them across the compute threads.
                            let rowBlocks = RowBlocks(rows: rows, cols: cols)
                            let pointers = UncheckedSendable(value: (x: x.baseAddress!, t: t.baseAddress!, p: p.baseAddress!, l: l.baseAddress!))
                            rowBlocks.concurrentForEach { r in
                                let (x, t, p, l) = pointers.value
                                Scalar.softmaxCrossEntropyKernel(x + r.lowerBound * cols, targets: t + r.lowerBound,
                                                                 rows: r.count, cols: cols, probabilities: p + r.lowerBound * cols,
                                                                 losses: l + r.lowerBound)
                            }
                        }
                    }
                }
            }
        }
        guard totalWeight != 0 else { return logits.tape.constant(Tensor(0)) }
        let mean = (weights == nil ? losses : losses * w).sum() / totalWeight
        let a = logits.id
        let shape = logits.shape
        return logits.tape.record(Tensor(mean), inputs: [logits]) { [probabilities] tape, g in
            let scales = w * (g.scalar / totalWeight)   // [N]
            tape.updateGradient(of: a, shape: shape) { dx in
                probabilities.withUnsafeBufferPointer { p in
                    targets.withUnsafeBufferPointer { t in
                        scales.withUnsafeBufferPointer { s in
                            dx.withUnsafeMutableBufferPointer { d in
                                Scalar.softmaxCrossEntropyBackwardKernel(p.baseAddress!, targets: t.baseAddress!, scales: s.baseAddress!,
                                                                         rows: rows, cols: cols, into: d.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}

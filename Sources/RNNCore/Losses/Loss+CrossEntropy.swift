import Requirements

extension Loss {
    /// Softmax cross-entropy fused with the log-softmax, as `nn.CrossEntropyLoss`:
    /// the mean over rows of -log softmax(logits[r])[targets[r]], optionally
    /// weighted per row for masking: Σ wᵣ·nllᵣ / Σ wᵣ. With 0/1 weights this is
    /// PyTorch's `ignore_index`: rows of weight 0 (padding) count for nothing.
    /// If every weight is 0 the loss is 0 with no gradient (PyTorch gives NaN).
    /// The weights are per row, not PyTorch's per-class `weight`; that one's loss,
    /// Σ w[tᵣ]·nllᵣ / Σ w[tᵣ], is this one with `weights` wᵣ = w[targets[r]].
    ///
    /// It is ``nllLoss(logProbabilities:targets:weights:)`` of `logits.logSoftmax()` in one pass: the
    /// softmax is computed once, in one ``TensorScalar/softmaxCrossEntropyKernel(_:targets:rows:cols:probabilities:losses:)``
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
        let w = rowWeights("Loss.crossEntropy", logits, "logits", targets: targets, weights: weights)
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

    /// Negative log-likelihood of given log-probabilities, as `nn.NLLLoss`: the mean over rows of
    /// −logProbabilities[r][targets[r]], weighted per row as ``crossEntropy(logits:targets:weights:)`` is
    /// (Σ wᵣ·nllᵣ / Σ wᵣ; 0/1 weights for PyTorch's `ignore_index`, wᵣ = w[targets[r]] for its per-class
    /// `weight`; 0 with no gradient when every weight is 0). Gradient −wᵣ/Σw at each row's target, 0 elsewhere.
    ///
    /// For a model's logits, use ``crossEntropy(logits:targets:weights:)``: it is this loss of
    /// `logits.logSoftmax()`, fused. This one is for log-probabilities a model computes itself (a mixture,
    /// a log-softmax of its own); it takes them as they are, normalized or not, as PyTorch does.
    ///
    /// Shapes: logProbabilities [N, V] (or [B, T, V], every leading position a row, N = B·T; or [V], one row),
    /// targets [N] with each id in 0..<V, weights [N].
    ///
    /// - Parameters:
    ///   - logProbabilities: log p of each class, [N, V].
    ///   - targets: the class id of each row, N of them.
    ///   - weights: per-row weights (a 0/1 mask), [N]; nil for all ones.
    /// - Returns: the weighted mean negative log-likelihood, rank 0.
    public static func nllLoss<Scalar>(logProbabilities: Variable<Scalar>, targets: [Int],
                                       weights: Tensor<Scalar>? = nil) -> Variable<Scalar> {
        let cols = logProbabilities.value.cols
        let w = rowWeights("Loss.nllLoss", logProbabilities, "log-probabilities", targets: targets, weights: weights)
        let totalWeight = w.sum()
        guard totalWeight != 0 else { return logProbabilities.tape.constant(Tensor(0)) }
        let x = logProbabilities.value
        let picked = targets.enumerated().reduce(Scalar(0)) { $0 + w[flat: $1.offset] * x[flat: $1.offset * cols + $1.element] }
        let a = logProbabilities.id
        let shape = logProbabilities.shape
        return logProbabilities.tape.record(Tensor(-picked / totalWeight), inputs: [logProbabilities]) { tape, g in
            let scale = g.scalar / totalWeight
            tape.updateGradient(of: a, shape: shape) { dx in
                for (r, t) in targets.enumerated() { dx[flat: r * cols + t] -= w[flat: r] * scale }
            }
        }
    }

    /// The per-row weights [N] of a loss over rows of class scores `input` [N, V] (or [B, T, V], or [V]),
    /// all ones when `weights` is nil, after checking that there is one target in 0..<V per row and one
    /// weight per row; `op` and `name` (the input's) go into the messages.
    private static func rowWeights<Scalar>(_ op: String, _ input: Variable<Scalar>, _ name: String,
                                           targets: [Int], weights: Tensor<Scalar>?) -> Tensor<Scalar> {
        let (rows, cols) = (input.value.rows, input.value.cols)
        require(input.value.rank >= 1 && targets.count == rows,
                     "\(op): \(targets.count) targets for \(name) \(input.shape), which hold \(rows) rows of V = \(cols)")
        if let weights {
            require(weights.count == rows, "\(op): weights \(weights.shape) for \(name) \(input.shape); one weight "
                         + "per row, \(rows) of them (for PyTorch's per-class weight w, give each row w[its target])")
        }
        for (r, t) in targets.enumerated() where t < 0 || t >= cols {
            failRequirement("\(op): target \(t) at row \(r) out of 0..<\(cols) for \(name) \(input.shape)"
                            + (t < 0 ? "; to leave a row out of the loss, as PyTorch's ignore_index does, give it weight 0 (weights:) and any class as its target" : ""))
        }
        return weights?.reshaped([rows]) ?? Tensor(repeating: 1, shape: [rows])
    }
}

import Requirements

extension Loss {
    /// Binary cross-entropy on logits, as `nn.BCEWithLogitsLoss(pos_weight=…)`: with σ the logistic
    /// sigmoid and pw the weight of the positives of each element's class,
    ///
    ///     loss = mean( −[pw·y·log σ(x) + (1 − y)·log(1 − σ(x))] )
    ///
    /// computed as PyTorch does, `(1 − y)·x + (1 + (pw − 1)·y)·(log1p(e^−|x|) + max(−x, 0))`, finite
    /// for any finite logit (no log of a σ that rounded to 0). Its gradient is
    /// `((1 + (pw − 1)·y)·σ(x) − pw·y) / count`, σ(x) − y without weights. Targets may be soft (in [0, 1]).
    /// PyTorch's `weight` (a factor on each element's loss) is not taken.
    ///
    /// Shapes: logits any, [.., C] (C classes, or labels, each its own binary problem); targets the same;
    /// positiveWeight [C] (PyTorch's `pos_weight`, one weight per class, e.g. negatives / positives of
    /// each) or [1] (one for every class).
    ///
    /// - Parameters:
    ///   - logits: x, unnormalized scores, any shape.
    ///   - targets: y, the probability that each element is positive, the same shape.
    ///   - positiveWeight: pw, [C] or [1]; nil for 1.
    /// - Returns: the mean over all elements, rank 0.
    public static func binaryCrossEntropyWithLogits<Scalar>(logits: Variable<Scalar>, targets: Tensor<Scalar>,
                                                            positiveWeight: Tensor<Scalar>? = nil) -> Variable<Scalar> {
        let x = logits.value
        require(x.shape == targets.shape,
                     "Loss.binaryCrossEntropyWithLogits: logits \(x.shape) and targets \(targets.shape) differ")
        require(x.count > 0, "Loss.binaryCrossEntropyWithLogits: empty logits \(x.shape); a mean needs at least one element")
        if let positiveWeight {
            require(positiveWeight.rank == 1 && (positiveWeight.count == x.cols || positiveWeight.count == 1),
                         "Loss.binaryCrossEntropyWithLogits: positive weights \(positiveWeight.shape) for logits \(x.shape); "
                         + "one per class, [\(x.cols)], or [1] for all")
        }
        var losses = Tensor<Scalar>(zeros: x.shape), derivatives = Tensor<Scalar>(zeros: x.shape)
        x.withUnsafeBufferPointer { px in
            targets.withUnsafeBufferPointer { py in
                losses.withUnsafeMutableBufferPointer { pl in
                    derivatives.withUnsafeMutableBufferPointer { pd in
                        let run = { (pw: UnsafePointer<Scalar>?, classes: Int) in
                            Scalar.binaryCrossEntropyWithLogitsKernel(px.baseAddress!, targets: py.baseAddress!, positiveWeight: pw,
                                                                      classes: classes, px.count, losses: pl.baseAddress!,
                                                                      derivatives: pd.baseAddress!)
                        }
                        if let positiveWeight {
                            positiveWeight.withUnsafeBufferPointer { run($0.baseAddress!, $0.count) }
                        } else {
                            run(nil, 1)
                        }
                    }
                }
            }
        }
        let n = Scalar(x.count)
        let a = logits.id
        return logits.tape.record(Tensor(losses.sum() / n), inputs: [logits]) { tape, g in
            tape.accumulate(derivatives * (g.scalar / n), into: a)
        }
    }
}

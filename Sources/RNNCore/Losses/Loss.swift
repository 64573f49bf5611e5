import Requirements

/// Loss functions and regularization penalties, as PyTorch defines them with
/// `reduction="mean"`. Each returns a rank-0 value on the prediction's tape.
///
/// Predictions are tape values; targets are data (tensors or class ids).
/// Shapes: prediction and target the same shape (any), unless stated.
public enum Loss {
    /// Mean squared error: mean((ŷ - y)²), as `nn.MSELoss`.
    ///
    /// - Parameters:
    ///   - prediction: ŷ, any shape.
    ///   - target: y, the same shape.
    /// - Returns: the mean over all elements, rank 0.
    public static func mse<Scalar>(_ prediction: Variable<Scalar>, _ target: Tensor<Scalar>) -> Variable<Scalar> {
        difference(prediction, target, "Loss.mse").squared().mean()
    }

    /// Mean absolute error: mean(|ŷ - y|), as `nn.L1Loss` (gradient 0 where ŷ = y).
    ///
    /// - Parameters:
    ///   - prediction: ŷ, any shape.
    ///   - target: y, the same shape.
    /// - Returns: the mean over all elements, rank 0.
    public static func mae<Scalar>(_ prediction: Variable<Scalar>, _ target: Tensor<Scalar>) -> Variable<Scalar> {
        difference(prediction, target, "Loss.mae").abs().mean()
    }

    /// Huber loss, as `nn.HuberLoss(delta:)`: with d = ŷ - y, each element is
    /// ½d² where |d| < δ and δ(|d| - ½δ) elsewhere; the mean over elements.
    /// Its gradient is clamp(d, -δ, δ) / count.
    ///
    /// PyTorch's `nn.SmoothL1Loss(beta=β)` is this loss divided by β,
    /// `Loss.huber(ŷ, y, delta: β) / β` for β > 0, and ``mae(_:_:)`` at β = 0;
    /// it has no function of its own here.
    ///
    /// - Parameters:
    ///   - prediction: ŷ, any shape.
    ///   - target: y, the same shape.
    ///   - delta: δ > 0, where the loss turns from quadratic to linear.
    /// - Returns: the mean over all elements, rank 0.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func huber<Scalar>(_ prediction: Variable<Scalar>, _ target: Tensor<Scalar>,
                                     delta: Scalar = 1) -> Variable<Scalar> {
        require(delta > 0, "Loss.huber: delta \(delta) must be positive")
        let d = difference(prediction, target, "Loss.huber").value
        let n = d.count
        require(n > 0, "Loss.huber: empty prediction")
        var total: Scalar = 0
        let clamped = d.map { p, q, k in
            for i in 0..<k {
                let a = Swift.abs(p[i])
                total += a < delta ? p[i] * p[i] / 2 : delta * (a - delta / 2)
                q[i] = Swift.min(Swift.max(p[i], -delta), delta)
            }
        }
        let a = prediction.id
        return prediction.tape.record(Tensor(total / Scalar(n)), inputs: [prediction]) { tape, g in
            tape.accumulate(clamped * (g.scalar / Scalar(n)), into: a)
        }
    }

    /// ŷ - y, after checking the shapes agree.
    static func difference<Scalar>(_ prediction: Variable<Scalar>, _ target: Tensor<Scalar>, _ op: String) -> Variable<Scalar> {
        require(prediction.shape == target.shape, "\(op): prediction \(prediction.shape) and target \(target.shape) differ")
        require(target.count > 0, "\(op): empty prediction \(prediction.shape); a mean needs at least one element")
        return prediction - prediction.tape.constant(target)
    }
}

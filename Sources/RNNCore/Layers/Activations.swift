import Requirements

// Elementwise activations as layers, for ``Sequential``. Shapes: any -> the same.

/// An elementwise activation as a layer: nothing to train, no buffers, any shape -> the same.
/// Its settings, if any, are stored properties; `callAsFunction` applies the tape op of the same name.
public protocol ActivationLayer<Scalar>: Layer {}

extension ActivationLayer {
    /// Empty: an activation has nothing to train.
    public var parameters: [Parameter<Scalar>] { [] }
}

/// `tanh(x)`, as `nn.Tanh`.
public struct Tanh<Scalar: TensorScalar>: ActivationLayer {
    /// A Tanh layer; it holds no state.
    public init() {}
    /// `tanh(x)` elementwise: any shape -> the same, values in [−1, 1].
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.tanh() }
}

/// `1 / (1 + exp(-x))`, as `nn.Sigmoid`.
public struct Sigmoid<Scalar: TensorScalar>: ActivationLayer {
    /// A Sigmoid layer; it holds no state.
    public init() {}
    /// `1 / (1 + exp(-x))` elementwise: any shape -> the same, values in [0, 1].
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.sigmoid() }
}

/// `max(x, 0)`, as `nn.ReLU`.
public struct ReLU<Scalar: TensorScalar>: ActivationLayer {
    /// A ReLU layer; it holds no state.
    public init() {}
    /// `max(x, 0)` elementwise: any shape -> the same.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.relu() }
}

/// `x` where x > 0, else `negativeSlope · x`, as `nn.LeakyReLU(negative_slope=0.01)`.
public struct LeakyReLU<Scalar: TensorScalar>: ActivationLayer {
    /// The slope below 0 (PyTorch's `negative_slope`).
    public let negativeSlope: Double
    /// - Parameter negativeSlope: the slope below 0; 0.01 by default, as in PyTorch.
    public init(negativeSlope: Double = 0.01) { self.negativeSlope = negativeSlope }
    /// ``Variable/leakyReLU(negativeSlope:)`` elementwise: any shape -> the same.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.leakyReLU(negativeSlope: negativeSlope) }
}

/// `x` where x > 0, else `α (exp(x) − 1)`, as `nn.ELU(alpha=1.0)` (Clevert et al., 2016).
public struct ELU<Scalar: TensorScalar>: ActivationLayer {
    /// α, the value approached as x → −∞ is −α.
    public let alpha: Double
    /// - Parameter alpha: α; 1 by default, as in PyTorch.
    public init(alpha: Double = 1) { self.alpha = alpha }
    /// ``Variable/elu(alpha:)`` elementwise: any shape -> the same.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.elu(alpha: alpha) }
}

/// `x · Φ(x)`, as `nn.GELU(approximate='none')`, or its tanh form with `approximate: .tanh`
/// (Hendrycks & Gimpel, 2016).
public struct GELU<Scalar: TensorScalar>: ActivationLayer {
    /// Exact (PyTorch's `'none'`) or by tanh (`'tanh'`).
    public let approximate: GELUApproximation
    /// - Parameter approximate: `.exact` by default, as PyTorch's `'none'`.
    public init(approximate: GELUApproximation = .exact) { self.approximate = approximate }
    /// ``Variable/gelu(approximate:)`` elementwise: any shape -> the same.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.gelu(approximate: approximate) }
}

/// `x · σ(x)`, as `nn.SiLU` (swish).
public struct SiLU<Scalar: TensorScalar>: ActivationLayer {
    /// A SiLU layer; it holds no state.
    public init() {}
    /// ``Variable/silu()`` elementwise: any shape -> the same.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.silu() }
}

/// `log(1 + exp(β x)) / β`, linear above a threshold, as `nn.Softplus(beta=1.0, threshold=20.0)`.
public struct Softplus<Scalar: TensorScalar>: ActivationLayer {
    /// β > 0: the larger, the closer to ReLU.
    public let beta: Double
    /// Where βx exceeds it, the layer returns x itself.
    public let threshold: Double
    /// - Parameters:
    ///   - beta: β > 0; 1 by default, as in PyTorch.
    ///   - threshold: 20 by default, as in PyTorch.
    public init(beta: Double = 1, threshold: Double = 20) {
        require(beta > 0 && beta.isFinite, "Softplus: beta \(beta) must be a finite number > 0")
        (self.beta, self.threshold) = (beta, threshold)
    }
    /// ``Variable/softplus(beta:threshold:)`` elementwise: any shape -> the same.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.softplus(beta: beta, threshold: threshold) }
}

// Elementwise activations as layers, for ``Sequential``. Shapes: any -> the same.

/// `tanh(x)`.
public struct Tanh<Scalar: TensorScalar>: Layer {
    /// A Tanh layer; it holds no state.
    public init() {}
    /// Empty: an activation has nothing to train.
    public var parameters: [Parameter<Scalar>] { [] }
    /// `tanh(x)` elementwise: any shape -> the same, values in [−1, 1].
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.tanh() }
}

/// `1 / (1 + exp(-x))`.
public struct Sigmoid<Scalar: TensorScalar>: Layer {
    /// A Sigmoid layer; it holds no state.
    public init() {}
    /// Empty: an activation has nothing to train.
    public var parameters: [Parameter<Scalar>] { [] }
    /// `1 / (1 + exp(-x))` elementwise: any shape -> the same, values in [0, 1].
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.sigmoid() }
}

/// `max(x, 0)`.
public struct ReLU<Scalar: TensorScalar>: Layer {
    /// A ReLU layer; it holds no state.
    public init() {}
    /// Empty: an activation has nothing to train.
    public var parameters: [Parameter<Scalar>] { [] }
    /// `max(x, 0)` elementwise: any shape -> the same.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.relu() }
}

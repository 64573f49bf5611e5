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

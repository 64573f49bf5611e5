// Elementwise activations as layers, for ``Sequential``. Shapes: any -> the same.

/// `tanh(x)`.
public struct Tanh<Scalar: TensorScalar>: Layer {
    public init() {}
    public var parameters: [Parameter<Scalar>] { [] }
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.tanh() }
}

/// `1 / (1 + exp(-x))`.
public struct Sigmoid<Scalar: TensorScalar>: Layer {
    public init() {}
    public var parameters: [Parameter<Scalar>] { [] }
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.sigmoid() }
}

/// `max(x, 0)`.
public struct ReLU<Scalar: TensorScalar>: Layer {
    public init() {}
    public var parameters: [Parameter<Scalar>] { [] }
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { x.relu() }
}

/// Layers applied one after another: y = fₙ(… f₂(f₁(x))).
///
/// Shapes: the first layer's input -> the last layer's output. Parameters are
/// the layers' parameters in order; each layer names its own (give them
/// distinct prefixes, e.g. `0` and `2` as PyTorch's `nn.Sequential` would).
public struct Sequential<Scalar: TensorScalar>: Layer {
    /// The layers, first applied first.
    public var layers: [any Layer<Scalar>]

    /// - Parameter layers: the layers, first applied first.
    public init(_ layers: [any Layer<Scalar>]) {
        self.layers = layers
    }

    /// Every layer's parameters, in layer order.
    public var parameters: [Parameter<Scalar>] { layers.flatMap { $0.parameters } }

    /// Every layer's buffers, in layer order.
    public var buffers: [Buffer<Scalar>] { layers.flatMap { $0.buffers } }

    /// Feeds `x` through every layer in order; with no layers, returns `x`. Shapes: the first layer's input -> the last's output.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        layers.reduce(x) { y, layer in layer(y) }
    }
}

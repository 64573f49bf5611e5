import Requirements

/// Layer normalization (Ba et al., 2016) over the last dimension:
/// y = (x - mean) / √(var + eps) ⊙ weight + bias, with the biased variance,
/// as PyTorch's `nn.LayerNorm(F)`.
///
/// Shapes: input [.., F], weight [F] (ones), bias [F] (zeros), output [.., F].
/// Parameters are named `name.weight` and `name.bias`. Composed from tape ops.
public struct LayerNorm<Scalar: TensorScalar>: Layer {
    /// [F], the scale γ.
    public let weight: Parameter<Scalar>
    /// [F], the shift β.
    public let bias: Parameter<Scalar>
    /// Added to the variance before the square root.
    public let epsilon: Scalar

    /// - Parameters:
    ///   - featureCount: F.
    ///   - epsilon: added to the variance (PyTorch's 1e-5).
    ///   - name: the `state_dict` prefix.
    public init(featureCount: Int, epsilon: Scalar = 1e-5, name: String = "") {
        require(featureCount >= 1, "LayerNorm: featureCount \(featureCount) must be ≥ 1")
        weight = Parameter(name: qualifiedName(name, "weight"), value: Tensor(repeating: 1, shape: [featureCount]))
        bias = Parameter(name: qualifiedName(name, "bias"), value: Tensor(zeros: [featureCount]))
        self.epsilon = epsilon
    }

    /// `[weight, bias]`.
    public var parameters: [Parameter<Scalar>] { [weight, bias] }

    /// x [.., F] -> [.., F].
    @_specialize(where Scalar == Float)
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let f = weight.shape[0]
        require(x.value.cols == f, "LayerNorm: input \(x.shape) for \(f) features")
        let inverseF = 1 / Scalar(f)
        let mean = x.sumLastAxis() * inverseF                          // [..]
        let centered = x - mean.broadcastingLastAxis(f)                // [.., F]
        let variance = centered.squared().sumLastAxis() * inverseF     // [..]
        let inverseStd = (variance + epsilon).sqrt().reciprocal()      // [..]
        let normalized = centered * inverseStd.broadcastingLastAxis(f) // [.., F]
        return normalized * x.tape.read(weight) + x.tape.read(bias)
    }
}

import Requirements

/// A fully connected layer with PyTorch's layout: y = x·Wᵀ + b.
///
/// Shapes: input [.., I], weight [O, I], bias [O], output [.., O]. Parameters
/// are named `name.weight` and `name.bias`, as in a PyTorch `state_dict`.
public struct Linear<Scalar: TensorScalar>: Layer {
    /// The weight W [O, I] (`name.weight`), PyTorch's layout: y = x·Wᵀ + b.
    public let weight: Parameter<Scalar>
    /// The bias b [O] (`name.bias`), or nil for a layer without bias.
    public let bias: Parameter<Scalar>?

    /// A layer with freshly initialized weights.
    ///
    /// - Parameters:
    ///   - inputSize: I.
    ///   - outputSize: O.
    ///   - bias: whether the layer adds a bias.
    ///   - name: the `state_dict` prefix (`head` gives `head.weight`, `head.bias`).
    ///   - weightInit: initializer of the weight (PyTorch's U(±1/√I) by default).
    ///   - biasInit: initializer of the bias, with fan-in I (PyTorch's by default).
    ///   - generator: the random stream, drawn from for the weight then the bias.
    public init(inputSize: Int, outputSize: Int, bias: Bool = true, name: String = "",
                weightInit: Initializer = .pytorchDefault, biasInit: Initializer = .pytorchDefault,
                generator: inout SeededGenerator) {
        require(inputSize >= 1 && outputSize >= 1, "Linear: inputSize \(inputSize) and outputSize \(outputSize) must be ≥ 1")
        let w: Tensor<Scalar> = weightInit.tensor([outputSize, inputSize], generator: &generator)
        let b: Tensor<Scalar>? = bias ? biasInit.tensor([outputSize], fanIn: inputSize, generator: &generator) : nil
        self.init(weight: w, bias: b, name: name)
    }

    /// A layer holding given values: `weight` [O, I] and `bias` [O] (or nil).
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>?, name: String = "") {
        require(weight.rank == 2, "Linear: weight must be [O, I], got \(weight.shape)")
        if let bias {
            require(bias.shape == [weight.shape[0]], "Linear: bias \(bias.shape) for weight \(weight.shape)")
        }
        self.weight = Parameter(name: qualifiedName(name, "weight"), value: weight)
        self.bias = bias.map { Parameter(name: qualifiedName(name, "bias"), value: $0) }
    }

    /// I, the input features: the weight's columns.
    public var inputSize: Int { weight.shape[1] }
    /// O, the output features: the weight's rows.
    public var outputSize: Int { weight.shape[0] }

    /// `[weight, bias]` (or `[weight]`).
    public var parameters: [Parameter<Scalar>] { [weight] + (bias.map { [$0] } ?? []) }

    /// x [.., I] -> [.., O].
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        require(x.value.cols == inputSize, "Linear: input \(x.shape) for weight \(weight.shape)")
        let y = matmul(x, x.tape.read(weight), transposeB: true)
        return bias.map { y + x.tape.read($0) } ?? y
    }
}

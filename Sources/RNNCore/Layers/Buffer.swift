import Requirements

/// Non-trainable state that a module saves with its parameters, as PyTorch's buffers (batch normalization's
/// running statistics): a `state_dict` name and the value, read and replaced through the module that owns it.
///
/// ``SafetensorsFile/init(parameters:buffers:metadata:)`` writes buffers beside the parameters and
/// ``SafetensorsFile/load(into:buffers:unexpected:)`` reads them back, so a saved model evaluates as it did.
public struct Buffer<Scalar: TensorScalar> {
    /// The `state_dict` name, e.g. `bn.running_mean`.
    public let name: String
    /// The shape the value keeps ([] for a count).
    public let shape: [Int]
    private let read: () -> Tensor<Scalar>
    private let write: (Tensor<Scalar>) -> Void

    /// A buffer whose value `read` gives and `write` replaces (with a tensor of `shape`).
    public init(name: String, shape: [Int], read: @escaping () -> Tensor<Scalar>, write: @escaping (Tensor<Scalar>) -> Void) {
        self.name = name
        self.shape = shape
        self.read = read
        self.write = write
    }

    /// The current value; setting it replaces the owner's state.
    public var value: Tensor<Scalar> {
        get { read() }
        nonmutating set {
            require(newValue.shape == shape, "Buffer \(name): value \(newValue.shape) for shape \(shape)")
            write(newValue)
        }
    }
}

extension Module {
    /// No buffers: what most modules have.
    public var buffers: [Buffer<Scalar>] { [] }
}

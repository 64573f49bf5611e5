/// A trainable tensor: a name, a value and the gradient accumulated into it.
///
/// A reference type, so a layer, an optimizer and a tape all see the same
/// weights. Reading a parameter onto a ``Tape`` is memoized: one parameter has
/// one leaf per tape, and every use of it on that tape (every time step of a
/// recurrent layer) sums into the same gradient — that sum is backpropagation
/// through time. Names follow PyTorch's `state_dict` (`rnn.weight_ih_l0`).
public final class Parameter<Scalar: TensorScalar> {
    /// The `state_dict` name, e.g. `head.weight`.
    public var name: String
    /// The current weights.
    public var value: Tensor<Scalar>
    /// The gradient summed over every backward pass since the last ``zeroGrad()``;
    /// same shape as ``value``.
    public var grad: Tensor<Scalar>
    /// The outermost ``Sequential`` that has put its index before ``name`` so far; nil for a name its layer gave.
    var positionalNaming: PositionalNaming?

    /// A parameter holding `value`, with a zero gradient.
    public init(name: String, value: Tensor<Scalar>) {
        self.name = name
        self.value = value
        self.grad = Tensor(zeros: value.shape)
    }

    /// Sets the gradient to zero.
    public func zeroGrad() {
        grad.withUnsafeMutableBufferPointer { $0.baseAddress?.zeroScalars(count: $0.count) }
    }

    /// The shape of the value.
    public var shape: [Int] { value.shape }
}

extension Parameter: CustomStringConvertible {
    /// `Parameter(name, shape)`, e.g. `Parameter(head.weight, [65, 128])`; the values are not shown.
    public var description: String { "Parameter(\(name), \(value.shape))" }
}

import Requirements

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
    /// The shape of the value and of the gradient, fixed when the parameter is made.
    public let shape: [Int]
    /// The current weights, of the parameter's ``shape`` for good: setting a tensor of another shape traps,
    /// naming the parameter and both shapes. Elements change in place (an optimizer's step) without a copy.
    public var value: Tensor<Scalar> {
        get { storedValue }
        set {
            requireShape(newValue.shape, "a value")
            storedValue = newValue
        }
        // In place, then checked against ``shape``. A stored property with `didSet` would do for this module's
        // callers, but another module's in-place change (`p.value[flat: 0] = 1`, a training loop of its own) would
        // copy the whole tensor first; a check against `oldValue` copies it for every caller. The check reads
        // ``shape``, a constant, not the gradient: that may be in the middle of a change of its own (a loop that
        // updates both in place, one inside the other), and reading it then is a conflicting access, which traps.
        _modify {
            defer { requireShape(storedValue.shape, "a value") }
            yield &storedValue
        }
    }
    /// The gradient summed over every backward pass since the last ``zeroGrad()``;
    /// same shape as ``value``, kept as the value's is (setting one of another shape traps).
    public var grad: Tensor<Scalar> {
        get { storedGrad }
        set {
            requireShape(newValue.shape, "a gradient")
            storedGrad = newValue
        }
        _modify {
            defer { requireShape(storedGrad.shape, "a gradient") }
            yield &storedGrad
        }
    }
    private var storedValue: Tensor<Scalar>
    private var storedGrad: Tensor<Scalar>
    /// The outermost ``Sequential`` that has put its index before ``name`` so far; nil for a name its layer gave.
    var positionalNaming: PositionalNaming?

    /// A parameter holding `value`, with a zero gradient.
    public init(name: String, value: Tensor<Scalar>) {
        self.name = name
        shape = value.shape
        storedValue = value
        storedGrad = Tensor(zeros: value.shape)
    }

    /// Traps unless `newShape`, that of a new or changed value or gradient (`what`), is the parameter's ``shape``.
    @inline(__always)
    private func requireShape(_ newShape: [Int], _ what: StaticString) {
        require(newShape == shape, "Parameter \(name): \(what) of shape \(newShape) for a parameter of shape \(shape); a parameter keeps its shape")
    }

    /// Sets the gradient to zero.
    public func zeroGrad() {
        grad.withUnsafeMutableBufferPointer { $0.baseAddress?.zeroScalars(count: $0.count) }
    }
}

extension Parameter: CustomStringConvertible {
    /// `Parameter(name, shape)`, e.g. `Parameter(head.weight, [65, 128])`; the values are not shown.
    public var description: String { "Parameter(\(name), \(shape))" }
}

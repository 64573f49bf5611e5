/// Anything that owns trainable parameters: a layer, a recurrent stack, a model.
public protocol Module<Scalar> {
    /// The element type of the module's parameters and of the values it maps (`Float` or `Double`).
    associatedtype Scalar: TensorScalar
    /// Every trainable parameter, listed by hand in a fixed order, named as
    /// PyTorch's `state_dict` would name it.
    var parameters: [Parameter<Scalar>] { get }
    /// The non-trainable state saved with the parameters, named as in `state_dict` (none by default).
    var buffers: [Buffer<Scalar>] { get }
}

extension Module {
    /// The number of trainable scalars, the sum of the parameters' element counts: PyTorch's
    /// `sum(p.numel() for p in model.parameters())`. Buffers are not counted.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}

/// A feedforward layer: a module that maps one value on a tape to another.
///
/// Whether it runs in training mode (dropout active, batch statistics) is
/// read from the tape (``Tape/isTraining``), and so is the random generator
/// for anything stochastic: layers hold no mode flag and no random state.
public protocol Layer<Scalar>: Module {
    /// Applies the layer. Shapes are documented on each conforming type.
    func callAsFunction(_ input: Variable<Scalar>) -> Variable<Scalar>
}

/// The `state_dict` name of a parameter: `prefix.leaf` (`head.weight`), or
/// just `leaf` when the prefix is empty.
public func qualifiedName(_ prefix: String, _ leaf: String) -> String {
    prefix.isEmpty ? leaf : "\(prefix).\(leaf)"
}

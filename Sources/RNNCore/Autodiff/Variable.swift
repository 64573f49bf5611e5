/// A value on a ``Tape``: the tensor an op produced and the node that
/// produced it. Operators on variables record differentiable ops.
///
/// A variable with `id < 0` is a constant (no gradient flows into it): data,
/// a detached state, or anything computed on a non-recording tape.
///
/// An op has the name of its forward half on ``Tensor``, following the Swift API
/// Design Guidelines: an op that transforms the value takes the -ed/-ing form
/// (``reshaped(_:)``, ``sliced(axis:_:)``, ``gatheringRows(_:)``, ``broadcastingLastAxis(_:)``),
/// a reduction is named by what it computes (``sum()``, ``sumLastAxis()``), and an op
/// of several values is a static function (``concat(_:axis:)``, ``matmul(_:_:transposeA:transposeB:)``).
public struct Variable<Scalar: TensorScalar> {
    /// The forward value.
    public let value: Tensor<Scalar>
    /// The node index on the tape, or -1 for a constant.
    public let id: Int
    /// The tape that recorded this value.
    public let tape: Tape<Scalar>

    init(value: Tensor<Scalar>, id: Int, tape: Tape<Scalar>) {
        self.value = value
        self.id = id
        self.tape = tape
    }

    /// The shape of the value.
    public var shape: [Int] { value.shape }

    /// True when gradients flow into this value.
    public var requiresGradient: Bool { id >= 0 }

    /// The same value as a constant: gradients stop here.
    public func detached() -> Variable { Variable(value: value, id: -1, tape: tape) }

    /// The single element of a one-element value.
    public var scalar: Scalar { value.scalar }
}

import RNNCore

/// Hands a tensor over to a pullback that consumes it, so the pullback holds
/// the only reference and can write into it without a copy.
final class Handover<Scalar: TensorScalar> {
    private var tensor: Tensor<Scalar>?
    init(_ tensor: Tensor<Scalar>) { self.tensor = tensor }
    func take() -> Tensor<Scalar> {
        defer { tensor = nil }
        return tensor!
    }
}

import RNNCore

extension Recurrent {
    /// Runs the stack over a batch of sequences for its final states alone.
    ///
    /// The states are those of ``callAsFunction(_:initialState:lengths:)``, bit for bit.
    /// On a tape that does not record, the built-in cells' fused path then never forms the last layer's
    /// outputs [B, T, D·H]: for a unidirectional stack read at the last step, the last layer's `h` is that
    /// step's output (each sample's at its own length).
    /// - Parameters:
    ///   - input: x [B, T, I].
    ///   - initialState: one state per layer and direction, each tensor [B, H]; zeros when nil.
    ///   - lengths: per-sample lengths in 0...T, or nil for T each.
    /// - Returns: one state per layer and direction in PyTorch's order (`l0`, `l0_reverse`, `l1`, …), each
    ///   `[h]` or `[h, c]` of [B, H] (h [B, P] with a projection).
    public func finalStates(_ input: Variable<Scalar>, initialState: [[Variable<Scalar>]]? = nil, lengths: [Int]? = nil)
        -> [[Variable<Scalar>]] {
        finalStates(.dense(input), initialState: initialState, lengths: lengths)
    }

    /// Runs the stack over dense or token input for its final states alone; see
    /// ``finalStates(_:initialState:lengths:)``.
    public func finalStates(_ input: SequenceInput<Scalar>, initialState: [[Variable<Scalar>]]? = nil, lengths: [Int]? = nil)
        -> [[Variable<Scalar>]] {
        unfoldLayers(input, initialState: initialState, lengths: lengths, keepsOutput: false).state
    }
}

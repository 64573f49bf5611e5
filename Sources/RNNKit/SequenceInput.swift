import RNNCore

/// What a recurrent stack reads: dense vectors, or token ids with the
/// embedding table they index.
///
/// With token input the fused path never forms the embedded sequence: it
/// projects the table once, `P [V, G·H] = E · W_ihᵀ`, and gathers rows of P;
/// backward scatters the gate gradients by token, `S [V, G·H]`, and gets
/// `dW_ih = Sᵀ · E` and `dE = S · W_ih` from V rows instead of B·T. For a
/// character model (V ≪ B·T) that removes most of the first layer's input work.
public enum SequenceInput<Scalar: TensorScalar> {
    /// x [B, T, I].
    case dense(Variable<Scalar>)
    /// `ids` [B·T] row-major by sample then step, each in 0..<V, looking up `table` [V, I].
    case tokens(ids: [Int], batch: Int, steps: Int, table: Variable<Scalar>)

    /// B, the number of sequences in the batch.
    public var batch: Int {
        switch self {
        case .dense(let x): x.shape[0]
        case .tokens(_, let batch, _, _): batch
        }
    }
    /// T, the time steps of each sequence.
    public var steps: Int {
        switch self {
        case .dense(let x): x.shape[1]
        case .tokens(_, _, let steps, _): steps
        }
    }
    /// I, the size of each input vector (the table's width for tokens).
    public var featureSize: Int {
        switch self {
        case .dense(let x): x.shape[2]
        case .tokens(_, _, _, let table): table.shape[1]
        }
    }
    /// The tape the input lives on.
    public var tape: Tape<Scalar> {
        switch self {
        case .dense(let x): x.tape
        case .tokens(_, _, _, let table): table.tape
        }
    }

    /// The input as dense vectors [B, T, I] on the tape (a row gather for tokens).
    public func dense() -> Variable<Scalar> {
        switch self {
        case .dense(let x): x
        case .tokens(let ids, let batch, let steps, let table):
            table.gatheringRows(ids).reshaped([batch, steps, table.shape[1]])
        }
    }

    /// The node whose gradient the input receives.
    var variable: Variable<Scalar> {
        switch self {
        case .dense(let x): x
        case .tokens(_, _, _, let table): table
        }
    }

    /// True when projecting the table once beats projecting each token: more
    /// tokens than table rows (training); one token at a time (sampling) gathers instead.
    private func projectsTable(ids: [Int], table: Variable<Scalar>) -> Bool {
        ids.count >= table.shape[0]
    }

    /// `x · Wᵀ` for every step: [B·T, N] from `weight` [N, I].
    func project(_ weight: Tensor<Scalar>) -> Tensor<Scalar> {
        switch self {
        case .dense(let x):
            return Tensor.matmul(x.value.reshaped([x.shape[0] * x.shape[1], x.shape[2]]), weight, transposeB: true)
        case .tokens(let ids, _, _, let table) where !projectsTable(ids: ids, table: table):
            return Tensor.matmul(table.value.gatheringRows(ids), weight, transposeB: true)
        case .tokens(let ids, _, _, let table):
            return Tensor.matmul(table.value, weight, transposeB: true).gatheringRows(ids)  // rows of P [V, N]
        }
    }

    /// The pullback of ``project(_:)``: given `dProjected` [B·T, N], adds
    /// `dW` into node `weightID` and the input's gradient into its node.
    func backpropagate(_ dProjected: Tensor<Scalar>, weight: Tensor<Scalar>, weightID: Int, tape: Tape<Scalar>) {
        switch self {
        case .dense(let x):
            let flat = x.value.reshaped([x.shape[0] * x.shape[1], x.shape[2]])
            tape.updateGradient(of: weightID, shape: weight.shape) { g in
                Tensor.gemm(dProjected, transposeA: true, flat, into: &g, beta: 1)
            }
            tape.updateGradient(of: x.id, shape: x.shape) { g in
                Tensor.gemm(dProjected, weight, into: &g, beta: 1)
            }
        case .tokens(let ids, _, _, let table) where !projectsTable(ids: ids, table: table):
            tape.updateGradient(of: weightID, shape: weight.shape) { g in
                Tensor.gemm(dProjected, transposeA: true, table.value.gatheringRows(ids), into: &g, beta: 1)
            }
            tape.updateGradient(of: table.id, shape: table.shape) { g in
                g.addRows(Tensor.matmul(dProjected, weight), at: ids)
            }
        case .tokens(let ids, _, _, let table):
            var scattered = Tensor<Scalar>(zeros: [table.shape[0], weight.shape[0]])  // S [V, N]
            scattered.addRows(dProjected, at: ids)
            tape.updateGradient(of: weightID, shape: weight.shape) { g in
                Tensor.gemm(scattered, transposeA: true, table.value, into: &g, beta: 1)
            }
            tape.updateGradient(of: table.id, shape: table.shape) { g in
                Tensor.gemm(scattered, weight, into: &g, beta: 1)
            }
        }
    }
}

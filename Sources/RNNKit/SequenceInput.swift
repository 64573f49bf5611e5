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

    /// `x · Wᵀ + b` for every step: [B·T, N] from `weight` [N, I] and `bias` [N] (nil: none).
    ///
    /// With I = 1 (a univariate series) the product is an outer product: it is formed in one pass with the
    /// bias, to the same bits as the GEMM (whose sums start from +0, so `0 + x·w`) followed by the bias.
    func project(_ weight: Tensor<Scalar>, bias: Tensor<Scalar>? = nil) -> Tensor<Scalar> {
        if case .dense(let x) = self, x.shape[2] == 1 { return Self.outerProduct(x.value, weight, bias: bias) }
        switch self {
        case .dense(let x):
            return Self.affine(x.value.reshaped([x.shape[0] * x.shape[1], x.shape[2]]), weight, bias: bias)
        case .tokens(let ids, _, _, let table) where !projectsTable(ids: ids, table: table):
            return Self.affine(table.value.gatheringRows(ids), weight, bias: bias)
        case .tokens(let ids, _, _, let table):
            return Self.affine(table.value, weight, bias: bias).gatheringRows(ids)  // rows of P + b [V, N]
        }
    }

    /// `x · Wᵀ + b` for x [M, I], `weight` [N, I] and `bias` [N] (nil: none): [M, N].
    ///
    /// The bias rows are laid down first and the product is added onto them (a GEMM with β = 1), one pass over
    /// the result where a product followed by a bias pass takes two (the BLAS's β = 0 pass, then the bias).
    private static func affine(_ x: Tensor<Scalar>, _ weight: Tensor<Scalar>, bias: Tensor<Scalar>?) -> Tensor<Scalar> {
        guard let bias else { return Tensor.matmul(x, weight, transposeB: true) }
        var out = bias.reshaped([1, bias.count]).gatheringRows(Array(repeating: 0, count: x.rows))
        Tensor.gemm(x, weight, transposeB: true, into: &out, beta: 1)
        return out
    }

    /// `x · wᵀ + b` for x [B, T, 1] and `weight` [N, 1]: row r is `(0 + x_r·w) + b`. [B·T, N]
    private static func outerProduct(_ x: Tensor<Scalar>, _ weight: Tensor<Scalar>, bias: Tensor<Scalar>?) -> Tensor<Scalar> {
        let (rows, n) = (x.count, weight.shape[0])
        var projected = Tensor<Scalar>(unsafeUninitializedShape: [rows, n])
        x.withUnsafeBufferPointer { px in
        weight.withUnsafeBufferPointer { pw in
        projected.withUnsafeMutableBufferPointer { out in
        withUnsafeOptionalPointer(bias) { pb in
            for r in 0..<rows {
                let (v, row) = (px[r], out.baseAddress! + r * n)
                if let pb {
                    for j in 0..<n { row[j] = (0 + v * pw[j]) + pb[j] }
                } else {
                    for j in 0..<n { row[j] = 0 + v * pw[j] }
                }
            }
        }}}}
        return projected
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

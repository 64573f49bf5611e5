import RNNCore

/// The fused path: one layer, one direction, the whole sequence as one node
/// on the tape (a group node with outputs y, h_T and, for an LSTM, c_T).
///
/// Forward: the input projection of all T steps is one GEMM,
/// `XG [B·T, G·H] = X [B·T, I] · W_ihᵀ + b`; each step adds `h_{t-1}·W_hhᵀ`
/// straight into its strided rows of XG (one GEMM with `ldc = T·G·H`) and runs
/// the gate kernel row by row. Backward: each step turns its rows of XG into
/// gate gradients in place, one GEMM per step carries dh to the previous
/// step, and the weight gradients, bias gradients and dX are then one GEMM (or
/// one column sum) each over the whole sequence. Every buffer is sized once
/// per call; nothing is allocated inside the time loop.
///
/// Rows are batch-first throughout: row `b·T + t` of every [B·T, ·] buffer
/// belongs to sample b at time t, the layout of the [B, T, ·] input and output.
struct FusedSequence<Scalar: RecurrentScalar> {
    let kind: FusedCell<Scalar>.Kind
    let weights: CellWeights<Scalar>

    /// Runs the layer.
    /// - Parameters:
    ///   - input: x [B, T, I], dense or as token ids (see ``SequenceInput``).
    ///   - state: the initial state, `[h0]` or `[h0, c0]`, each [B, H].
    ///   - lengths: per-sample lengths (each in 0...T), or nil for all T.
    ///     Steps at or past a sample's length leave its state unchanged and
    ///     output zeros.
    ///   - reverse: run from the last valid step of each sample to the first.
    /// - Returns: outputs y [B, T, H] and the final state of each sample at its own length.
    @_specialize(where Scalar == Float)
    func callAsFunction(_ input: SequenceInput<Scalar>, state: [Variable<Scalar>], lengths: [Int]?, reverse: Bool)
        -> (output: Variable<Scalar>, state: [Variable<Scalar>]) {
        let tape = input.tape
        let (B, T, I) = (input.batch, input.steps, input.featureSize)
        let kind = self.kind
        let H = weights.hiddenSize, GH = kind.gates * H
        let isLSTM = kind == .lstm, isGRU = kind == .gru
        precondition(I == weights.inputSize, "FusedSequence: input [B, T, \(I)] for a cell of input size \(weights.inputSize)")
        let wIH = tape.read(weights.weightIH), wHH = tape.read(weights.weightHH)
        let bIH = tape.read(weights.biasIH), bHH = tape.read(weights.biasHH)
        let active = ActiveSteps(lengths: lengths, batch: B, steps: T)

        // XG [B·T, G·H] = X·W_ihᵀ + b_ih (+ b_hh unless GRU, whose n gate needs it apart).
        var xg = input.project(wIH.value)
        xg.addRow(isGRU ? bIH.value : bIH.value + bHH.value)
        var y = Tensor<Scalar>(zeros: [B, T, H])
        var hPrev = Tensor<Scalar>(zeros: [B * T, H])          // h before each step
        var cPrev = Tensor<Scalar>(zeros: isLSTM ? [B * T, H] : [0])  // LSTM: c before each step
        var aux = Tensor<Scalar>(zeros: isLSTM || isGRU ? [B * T, H] : [0])  // LSTM tanh(c); GRU W_hn h + b_hn
        var hCur = state[0].value
        var cCur = isLSTM ? state[1].value : Tensor<Scalar>(zeros: [0])
        var hg = Tensor<Scalar>(zeros: isGRU ? [B, GH] : [0])   // GRU: h·W_hhᵀ + b_hh for one step

        xg.withUnsafeMutableBufferPointer { pxg in
        y.withUnsafeMutableBufferPointer { py in
        hPrev.withUnsafeMutableBufferPointer { php in
        cPrev.withUnsafeMutableBufferPointer { pcp in
        aux.withUnsafeMutableBufferPointer { pax in
        hCur.withUnsafeMutableBufferPointer { ph in
        cCur.withUnsafeMutableBufferPointer { pc in
        hg.withUnsafeMutableBufferPointer { phg in
        wHH.value.withUnsafeBufferPointer { pw in
        bHH.value.withUnsafeBufferPointer { pbh in
            let XG = pxg.baseAddress!, Y = py.baseAddress!, HP = php.baseAddress!, W = pw.baseAddress!
            let hc = ph.baseAddress!
            for s in 0..<T {
                let t = reverse ? T - 1 - s : s
                for b in 0..<B { (HP + (b * T + t) * H).copyScalars(from: hc + b * H, count: H) }
                if isGRU {
                    let HG = phg.baseAddress!
                    Scalar.gemm(transA: false, transB: true, m: B, n: GH, k: H, alpha: 1, a: hc, lda: H,
                                b: W, ldb: H, beta: 0, c: HG, ldc: GH)
                    Scalar.addRowKernel(pbh.baseAddress!, to: HG, rows: B, cols: GH)
                } else {
                    Scalar.gemm(transA: false, transB: true, m: B, n: GH, k: H, alpha: 1, a: hc, lda: H,
                                b: W, ldb: H, beta: 1, c: XG + t * GH, ldc: T * GH)
                }
                for b in 0..<B where active.contains(b, t) {
                    let row = b * T + t
                    let gates = XG + row * GH, yRow = Y + row * H
                    switch kind {
                    case .lstm:
                        let cRow = pc.baseAddress! + b * H, cp = pcp.baseAddress! + row * H
                        cp.copyScalars(from: cRow, count: H)
                        Scalar.lstmForwardRow(gates: gates, cPrev: cp, c: cRow, tanhC: pax.baseAddress! + row * H,
                                              h: yRow, hidden: H)
                    case .gru:
                        Scalar.gruForwardRow(xGates: gates, hGates: phg.baseAddress! + b * GH, hPrev: HP + row * H,
                                             hn: pax.baseAddress! + row * H, h: yRow, hidden: H)
                    case .elmanTanh, .elmanReLU:
                        Scalar.elmanForwardRow(gates, relu: kind == .elmanReLU, hidden: H)
                        yRow.copyScalars(from: gates, count: H)
                    }
                    (hc + b * H).copyScalars(from: yRow, count: H)
                }
            }
        }}}}}}}}}}

        let finalState = isLSTM ? [hCur, cCur] : [hCur]
        let inputs = [input.variable, wIH, wHH, bIH, bHH] + state
        let (wihValue, whhValue) = (wIH.value, wHH.value)
        let ids = (wIH: wIH.id, wHH: wHH.id, bIH: bIH.id, bHH: bHH.id, h0: state[0].id, c0: isLSTM ? state[1].id : -1)
        // The pullback takes the activated gates and turns them into gate
        // gradients in place: hand them over so that no copy is made.
        let savedGates = Handover(xg)
        xg = Tensor(zeros: [0])
        let outputs = tape.recordGroup([y] + finalState, inputs: inputs) { tape, grads in
            var dG = savedGates.take()
            var dHG = Tensor<Scalar>(zeros: isGRU ? [B * T, GH] : [0])  // GRU: gradients of h·W_hhᵀ + b_hh
            var dh = grads[1] ?? Tensor(zeros: [B, H])
            var dc = isLSTM ? (grads[2] ?? Tensor(zeros: [B, H])) : Tensor<Scalar>(zeros: [0])
            var dhStep = Tensor<Scalar>(zeros: [B, H])   // dh of this step, then the direct part of dh_{t-1}
            var dhNext = Tensor<Scalar>(zeros: [B, H])
            let dy = grads[0]
            dG.withUnsafeMutableBufferPointer { pdg in
            dHG.withUnsafeMutableBufferPointer { pdhg in
            dh.withUnsafeMutableBufferPointer { pdh in
            dc.withUnsafeMutableBufferPointer { pdc in
            dhStep.withUnsafeMutableBufferPointer { pds in
            dhNext.withUnsafeMutableBufferPointer { pdn in
            cPrev.withUnsafeBufferPointer { pcp in
            aux.withUnsafeBufferPointer { pax in
            hPrev.withUnsafeBufferPointer { php in
            whhValue.withUnsafeBufferPointer { pw in
                let DG = pdg.baseAddress!, DH = pdh.baseAddress!, DS = pds.baseAddress!, DN = pdn.baseAddress!
                let W = pw.baseAddress!
                for s in stride(from: T - 1, through: 0, by: -1) {
                    let t = reverse ? T - 1 - s : s
                    for b in 0..<B {
                        let row = b * T + t
                        let gates = DG + row * GH, dsRow = DS + b * H, dhRow = DH + b * H
                        guard active.contains(b, t) else {
                            gates.zeroScalars(count: GH)
                            if isGRU { (pdhg.baseAddress! + row * GH).zeroScalars(count: GH) }
                            dsRow.copyScalars(from: dhRow, count: H)  // state passes through unchanged
                            continue
                        }
                        dsRow.copyScalars(from: dhRow, count: H)
                        if let dy { dy.withUnsafeBufferPointer { Scalar.addKernel($0.baseAddress! + row * H, dsRow, H) } }
                        switch kind {
                        case .lstm:
                            Scalar.lstmBackwardRow(gates: gates, cPrev: pcp.baseAddress! + row * H, tanhC: pax.baseAddress! + row * H,
                                                   dh: dsRow, dc: pdc.baseAddress! + b * H, hidden: H)
                            dsRow.zeroScalars(count: H)
                        case .gru:
                            Scalar.gruBackwardRow(xGates: gates, hGatesGrad: pdhg.baseAddress! + row * GH, hn: pax.baseAddress! + row * H,
                                                  hPrev: php.baseAddress! + row * H, dh: dsRow, dhPrev: dsRow, hidden: H)
                        case .elmanTanh, .elmanReLU:
                            Scalar.elmanBackwardRow(gates, dh: dsRow, relu: kind == .elmanReLU, hidden: H)
                            dsRow.zeroScalars(count: H)
                        }
                    }
                    // dh_{t-1} = direct part (carried state, GRU's z ⊙ dh) + recurrent gate gradients · W_hh.
                    DN.copyScalars(from: DS, count: B * H)
                    let gradRows = isGRU ? pdhg.baseAddress! : DG
                    Scalar.gemm(transA: false, transB: false, m: B, n: H, k: GH, alpha: 1, a: gradRows + t * GH, lda: T * GH,
                                b: W, ldb: H, beta: 1, c: DN, ldc: H)
                    DH.copyScalars(from: DN, count: B * H)
                }
            }}}}}}}}}}
            // Whole-sequence GEMMs.
            let recurrentGrads = isGRU ? dHG : dG
            tape.updateGradient(of: ids.wHH, shape: whhValue.shape) { g in
                Tensor.gemm(recurrentGrads, transposeA: true, hPrev, into: &g, beta: 1)
            }
            if ids.bIH >= 0 { tape.accumulate(dG.sumRows(), into: ids.bIH) }
            if ids.bHH >= 0 { tape.accumulate(recurrentGrads.sumRows(), into: ids.bHH) }
            input.backpropagate(dG, weight: wihValue, weightID: ids.wIH, tape: tape)
            tape.accumulate(dh, into: ids.h0)
            if isLSTM { tape.accumulate(dc, into: ids.c0) }
        }
        return (outputs[0], Array(outputs.dropFirst()))
    }
}

/// Which (sample, step) pairs are inside their sample's length.
struct ActiveSteps: Sendable {
    let lengths: [Int]?
    init(lengths: [Int]?, batch: Int, steps: Int) {
        if let lengths {
            precondition(lengths.count == batch, "Recurrent: \(lengths.count) lengths for a batch of \(batch)")
            precondition(lengths.allSatisfy { $0 >= 0 && $0 <= steps }, "Recurrent: lengths \(lengths) must lie in 0...\(steps)")
            self.lengths = lengths.allSatisfy { $0 == steps } ? nil : lengths
        } else {
            self.lengths = nil
        }
    }
    @inline(__always) func contains(_ b: Int, _ t: Int) -> Bool {
        guard let lengths else { return true }
        return t < lengths[b]
    }
}

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

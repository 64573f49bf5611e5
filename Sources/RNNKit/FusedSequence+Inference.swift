import RNNCore

extension FusedSequence {
    /// The layer for inference, when nothing records: the same values as the recorded forward pass, bit for
    /// bit, with nothing kept for a backward pass.
    ///
    /// The recorded pass keeps h_{t-1}, c_{t-1} and the kernels' side outputs (tanh c, the GRU's W_hn h + b_hn)
    /// of every step, [B·T, ·] each, and copies each new h out of the outputs. Here h lives in two [B, R]
    /// buffers used in turn, each step reading one and writing the other (no copy), c is updated in place, the
    /// side outputs go to one [B, H] scratch row per sample, and the outputs y [B, T, R] are written only when
    /// `keepsOutput`, so a stack read at its final state alone never forms its last layer's outputs.
    /// - Parameters:
    ///   - input: x [B, T, I], dense or token ids.
    ///   - gates: XG [B·T, G·H], the input projection of every step with its bias (see the recorded pass),
    ///     which the pass overwrites with the activated gates.
    ///   - state: `[h0]` or `[h0, c0]`, each [B, H] (h0 [B, P] with a projection).
    ///   - lengths: per-sample lengths, or nil for all T.
    ///   - reverse: run from the last valid step of each sample to the first.
    ///   - keepsOutput: form the outputs y.
    /// - Returns: y [B, T, R] (nil without `keepsOutput`) and the final state, as constants.
    func inference(_ input: SequenceInput<Scalar>, gates xg: inout Tensor<Scalar>, state: [Variable<Scalar>], lengths: [Int]?,
                   reverse: Bool, keepsOutput: Bool) -> (output: Variable<Scalar>?, state: [Variable<Scalar>]) {
        let tape = input.tape
        let (B, T) = (input.batch, input.steps)
        let (kind, relu) = (self.kind, self.relu)
        let H = weights.hiddenSize, GH = kind.gates * H, R = weights.outputSize
        let isLSTM = kind == .lstm, isGRU = kind == .gru
        let active = ActiveSteps(lengths: lengths, batch: B, steps: T)
        // Rows past a sample's length stay zero.
        var y = keepsOutput ? (active.lengths == nil ? Tensor<Scalar>(unsafeUninitializedShape: [B, T, R]) : Tensor(zeros: [B, T, R]))
            : Tensor<Scalar>(zeros: [0])
        var hEven = state[0].value                                      // h before even steps s (and after odd ones)
        var hOdd = Tensor<Scalar>(zeros: [B, R])                        // h before odd steps s
        var c = isLSTM ? state[1].value : Tensor<Scalar>(zeros: [0])
        var aux = Tensor<Scalar>(zeros: isLSTM || isGRU ? [B, H] : [0]) // LSTM tanh(c); GRU W_hn h + b_hn, of one step
        var cellOut = Tensor<Scalar>(zeros: weights.weightHR != nil ? [B, H] : [0])  // with a projection: o ⊙ tanh(c)
        var hg = Tensor<Scalar>(zeros: isGRU ? [B, GH] : [0])          // GRU: h·W_hhᵀ + b_hh of one step
        let bHH = weights.biasHH?.value ?? Tensor(zeros: [GH])
        xg.withUnsafeMutableBufferPointer { pxg in
        y.withUnsafeMutableBufferPointer { py in
        hEven.withUnsafeMutableBufferPointer { phe in
        hOdd.withUnsafeMutableBufferPointer { pho in
        c.withUnsafeMutableBufferPointer { pc in
        aux.withUnsafeMutableBufferPointer { pax in
        cellOut.withUnsafeMutableBufferPointer { pco in
        hg.withUnsafeMutableBufferPointer { phg in
        weights.weightHH.value.withUnsafeBufferPointer { pw in
        bHH.withUnsafeBufferPointer { pbh in
        withUnsafeOptionalPointer(weights.weightHR?.value) { phr in
            let p = InferencePointers(xg: pxg.baseAddress!, y: keepsOutput ? py.baseAddress : nil, h: (phe.baseAddress!, pho.baseAddress!),
                                      c: pc.baseAddress, aux: pax.baseAddress, cellOut: phr == nil ? nil : pco.baseAddress,
                                      step: phg.baseAddress, biasHH: pbh.baseAddress!)
            Self.onSampleChunks(batch: B, steps: T, weightHH: pw.baseAddress!, weightHR: phr, transposed: true, hidden: H, width: R,
                                gates: GH) { rows, positions, weightHH, weightHR in
                Self.inferenceSteps(kind, relu: relu, rows: rows, positions: positions, steps: T, hidden: H, width: R, reverse: reverse,
                                    active: active, weightHH: weightHH, weightHR: weightHR, p)
            }
        }}}}}}}}}}}
        let h = T % 2 == 0 ? hEven : hOdd
        return (keepsOutput ? tape.constant(y) : nil, (isLSTM ? [h, c] : [h]).map(tape.constant))
    }

    /// The time loop for samples `rows`, steps `positions` (s, from 0 up to T), without a backward pass: step s
    /// reads h from `p.h.0` when s is even, else `p.h.1`, and writes the other (a sample past its length copies
    /// its h across).
    fileprivate static func inferenceSteps(_ kind: CellKind, relu: Bool, rows: Range<Int>, positions: Range<Int>, steps T: Int,
                                           hidden H: Int, width R: Int, reverse: Bool, active: ActiveSteps, weightHH: PreparedRight<Scalar>,
                                           weightHR: PreparedRight<Scalar>?, _ p: InferencePointers<Scalar>) {
        let GH = kind.gates * H
        let (m, b0) = (rows.count, rows.lowerBound)
        for s in positions {
            let t = reverse ? T - 1 - s : s
            let (hIn, hOut) = s % 2 == 0 ? p.h : (p.h.1, p.h.0)
            if kind == .gru {
                let hg = p.step! + b0 * GH
                Scalar.gemm(m: m, a: hIn + b0 * R, lda: R, right: weightHH, accumulate: false, c: hg, ldc: GH)
                Scalar.addRowKernel(p.biasHH, to: hg, rows: m, cols: GH)
            } else {
                Scalar.gemm(m: m, a: hIn + b0 * R, lda: R, right: weightHH, accumulate: true, c: p.xg + (b0 * T + t) * GH, ldc: T * GH)
            }
            for b in rows where active.contains(b, t) {
                let gates = p.xg + (b * T + t) * GH, h = hOut + b * R
                switch kind {
                case .lstm:
                    let cRow = p.c! + b * H
                    Scalar.lstmForwardRow(gates: gates, cPrev: cRow, c: cRow, tanhC: p.aux! + b * H,
                                          h: p.cellOut.map { $0 + b * H } ?? h, hidden: H)
                case .gru:
                    Scalar.gruForwardRow(xGates: gates, hGates: p.step! + b * GH, hPrev: hIn + b * R, hn: p.aux! + b * H, h: h, hidden: H)
                case .rnn:
                    Scalar.elmanForwardRow(gates, relu: relu, hidden: H)
                    h.copyScalars(from: gates, count: H)
                }
            }
            if let weightHR {
                Scalar.gemm(m: m, a: p.cellOut! + b0 * H, lda: H, right: weightHR, accumulate: false, c: hOut + b0 * R, ldc: R)
            }
            for b in rows where p.y != nil || active.lengths != nil {
                if active.contains(b, t) {
                    p.y.map { ($0 + (b * T + t) * R).copyScalars(from: hOut + b * R, count: R) }
                } else {
                    (hOut + b * R).copyScalars(from: hIn + b * R, count: R)
                }
            }
        }
    }
}

/// The buffers of one layer's inference pass.
private struct InferencePointers<Scalar: TensorScalar>: @unchecked Sendable {
    let xg: UnsafeMutablePointer<Scalar>       // [B·T, G·H] pre-activations in, activated gates out; rows b·T + t
    let y: UnsafeMutablePointer<Scalar>?       // [B·T, R] outputs, rows b·T + t; nil when not kept
    let h: (UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>)  // [B, R] each: h before even steps, before odd ones
    let c: UnsafeMutablePointer<Scalar>?       // [B, H] running c (LSTM), updated in place
    let aux: UnsafeMutablePointer<Scalar>?     // [B, H] LSTM tanh(c); GRU W_hn h + b_hn; of the current step
    let cellOut: UnsafeMutablePointer<Scalar>? // [B, H] LSTM with a projection: o ⊙ tanh(c) of the current step
    let step: UnsafeMutablePointer<Scalar>?    // [B, G·H] GRU: h·W_hhᵀ + b_hh of one step
    let biasHH: UnsafePointer<Scalar>          // [G·H]
}

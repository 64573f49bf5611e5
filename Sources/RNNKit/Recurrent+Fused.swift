import RNNCore
import Requirements

/// The fused path: one layer, one direction, the whole sequence as one node
/// on the tape (a group node with outputs y, h_T and, for an LSTM, c_T).
///
/// Forward: the input projection of all T steps is one GEMM,
/// `XG [B·T, G·H] = X [B·T, I] · W_ihᵀ + b`; each step adds `h_{t-1}·W_hhᵀ`
/// straight into its strided rows of XG (one GEMM with `ldc = T·G·H`) and runs
/// the gate kernel row by row; W_hh is prepared once per call for all steps
/// (``PreparedRight``: packed panels for Float). Backward: each step turns its rows of XG into
/// gate gradients in place, one GEMM per step carries dh to the previous
/// step, and the weight gradients, bias gradients and dX are then one GEMM (or
/// one column sum) each over the whole sequence. Every buffer is sized once
/// per call; nothing is allocated inside the time loop.
///
/// An LSTM with a projection (`weight_hr` [P, H]) adds one GEMM per step,
/// `h_t = (o ⊙ tanh c_t)·W_hrᵀ` for the rows of the step, one in backward,
/// `d(o ⊙ tanh c_t) = dh_t·W_hr`, and `dW_hr` as one GEMM over the sequence;
/// h, its gradients and the outputs are then R = P wide, c and the gates stay H.
///
/// Rows are batch-first throughout: row `b·T + t` of every [B·T, ·] buffer
/// belongs to sample b at time t, the layout of the [B, T, ·] input and output.
///
/// When nothing would be recorded (a tape that does not record, or no input
/// that needs a gradient) the layer runs for inference instead: nothing is
/// kept for a backward pass, and the outputs are formed only when asked for
/// (see ``inference(_:gates:state:lengths:reverse:keepsOutput:)``).
struct FusedSequence<Scalar: RecurrentScalar> {
    let kind: CellKind
    /// Elman only: ReLU instead of tanh.
    let relu: Bool
    let weights: CellWeights<Scalar>

    /// Runs the layer.
    /// - Parameters:
    ///   - input: x [B, T, I], dense or as token ids (see ``SequenceInput``).
    ///   - state: the initial state, `[h0]` or `[h0, c0]`, each [B, H] (h0 [B, P] with a projection).
    ///   - lengths: per-sample lengths (each in 0...T), or nil for all T.
    ///     Steps at or past a sample's length leave its state unchanged and
    ///     output zeros.
    ///   - reverse: run from the last valid step of each sample to the first.
    ///   - keepsOutput: false when only the final state is wanted: for inference the outputs are then not formed.
    /// - Returns: outputs y [B, T, R] (R = P with a projection, else H; nil for inference without `keepsOutput`)
    ///   and the final state of each sample at its own length.
    @_specialize(where Scalar == Float)
    func callAsFunction(_ input: SequenceInput<Scalar>, state: [Variable<Scalar>], lengths: [Int]?, reverse: Bool,
                        keepsOutput: Bool = true) -> (output: Variable<Scalar>?, state: [Variable<Scalar>]) {
        let tape = input.tape
        let (B, T, I) = (input.batch, input.steps, input.featureSize)
        let (kind, relu) = (self.kind, self.relu)
        let H = weights.hiddenSize, GH = kind.gates * H
        let R = weights.outputSize                               // the width of h: P with a projection, else H
        let isLSTM = kind == .lstm, isGRU = kind == .gru
        require(I == weights.inputSize, "FusedSequence: input [B, T, \(I)] for a cell of input size \(weights.inputSize)")
        let wIH = tape.read(weights.weightIH), wHH = tape.read(weights.weightHH)
        let bIH = weights.biasIH.map(tape.read), bHH = weights.biasHH.map(tape.read)   // nil without biases
        let wHR = weights.weightHR.map(tape.read)                                       // nil without a projection
        let projects = wHR != nil
        let active = ActiveSteps(lengths: lengths, batch: B, steps: T)

        // XG [B·T, G·H] = X·W_ihᵀ + b_ih (+ b_hh unless GRU, whose n gate needs it apart).
        let inputBias = bIH.flatMap { i in bHH.map { h in isGRU ? i.value : i.value + h.value } }   // nil without biases
        var xg = input.project(wIH.value, bias: inputBias)
        let inputs = [input.variable, wIH, wHH] + [bIH, bHH, wHR].compactMap { $0 } + state
        guard inputs.contains(where: { $0.id >= 0 }) else {
            return inference(input, gates: &xg, state: state, lengths: lengths, reverse: reverse, keepsOutput: keepsOutput)
        }
        // With every step active the loop writes every row of these; with lengths, the rows past
        // a sample's length stay zero (outputs) and finite (for the whole-sequence GEMMs).
        func buffer(_ shape: [Int]) -> Tensor<Scalar> {
            active.lengths == nil ? Tensor(unsafeUninitializedShape: shape) : Tensor(zeros: shape)
        }
        var y = buffer([B, T, R])
        var hPrev = buffer([B * T, R])                          // h before each step
        var cPrev = buffer(isLSTM ? [B * T, H] : [0])           // LSTM: c before each step
        var aux = buffer(isLSTM || isGRU ? [B * T, H] : [0])    // LSTM tanh(c); GRU W_hn h + b_hn
        var cellOut = buffer(projects ? [B * T, H] : [0])       // LSTM with a projection: o ⊙ tanh(c), before W_hr
        var hCur = state[0].value
        var cCur = isLSTM ? state[1].value : Tensor<Scalar>(zeros: [0])
        var hg = Tensor<Scalar>(zeros: isGRU ? [B, GH] : [0])   // GRU: h·W_hhᵀ + b_hh for one step

        let bHHValue = bHH?.value ?? Tensor(zeros: [GH])   // read by a GRU (b_hn goes inside r ⊙ (…)); zeros without biases
        xg.withUnsafeMutableBufferPointer { pxg in
        y.withUnsafeMutableBufferPointer { py in
        hPrev.withUnsafeMutableBufferPointer { php in
        cPrev.withUnsafeMutableBufferPointer { pcp in
        aux.withUnsafeMutableBufferPointer { pax in
        hCur.withUnsafeMutableBufferPointer { ph in
        cCur.withUnsafeMutableBufferPointer { pc in
        hg.withUnsafeMutableBufferPointer { phg in
        cellOut.withUnsafeMutableBufferPointer { pco in
        wHH.value.withUnsafeBufferPointer { pw in
        bHHValue.withUnsafeBufferPointer { pbh in
        withUnsafeOptionalPointer(wHR?.value) { phr in
            let p = Pointers(xg: pxg.baseAddress!, y: py.baseAddress!, hPrev: php.baseAddress!, cPrev: pcp.baseAddress,
                             aux: pax.baseAddress, cellOut: projects ? pco.baseAddress : nil, h: ph.baseAddress!, c: pc.baseAddress,
                             step: phg.baseAddress, biasHH: pbh.baseAddress!)
            Self.onSampleChunks(batch: B, steps: T, weightHH: pw.baseAddress!, weightHR: phr, transposed: true, hidden: H, width: R,
                                gates: GH) { rows, positions, weightHH, weightHR in
                Self.forward(kind, relu: relu, rows: rows, positions: positions, steps: T, hidden: H, width: R, reverse: reverse,
                             active: active, weightHH: weightHH, weightHR: weightHR, p)
            }
        }}}}}}}}}}}}

        let finalState = isLSTM ? [hCur, cCur] : [hCur]
        let (wihValue, whhValue, whrValue) = (wIH.value, wHH.value, wHR?.value)
        let ids = (wIH: wIH.id, wHH: wHH.id, bIH: bIH?.id ?? -1, bHH: bHH?.id ?? -1, wHR: wHR?.id ?? -1,
                   h0: state[0].id, c0: isLSTM ? state[1].id : -1)
        // The pullback takes the activated gates and turns them into gate
        // gradients in place: hand them over so that no copy is made.
        let savedGates = Handover(xg)
        xg = Tensor(zeros: [0])
        let outputs = tape.recordGroup([y] + finalState, inputs: inputs) { tape, grads in
            var dG = savedGates.take()
            // GRU: gradients of h·W_hhᵀ + b_hh; every row is written (zeros past a sample's length).
            var dHG = Tensor<Scalar>(unsafeUninitializedShape: isGRU ? [B * T, GH] : [0])
            var dh = grads[1] ?? Tensor(zeros: [B, R])   // dh_t, then the direct part of dh_{t-1}, then dh_{t-1}
            var dc = isLSTM ? (grads[2] ?? Tensor(zeros: [B, H])) : Tensor<Scalar>(zeros: [0])
            // With a projection: dh of every step (every row is written; zeros past a sample's length), and
            // d(o ⊙ tanh c) of one step.
            var dProjected = Tensor<Scalar>(unsafeUninitializedShape: projects ? [B * T, R] : [0])
            var dCellOut = Tensor<Scalar>(zeros: projects ? [B, H] : [0])
            let dy = grads[0]
            dG.withUnsafeMutableBufferPointer { pdg in
            dHG.withUnsafeMutableBufferPointer { pdhg in
            dh.withUnsafeMutableBufferPointer { pdh in
            dc.withUnsafeMutableBufferPointer { pdc in
            cPrev.withUnsafeMutableBufferPointer { pcp in
            aux.withUnsafeMutableBufferPointer { pax in
            hPrev.withUnsafeMutableBufferPointer { php in
            dProjected.withUnsafeMutableBufferPointer { pdp in
            dCellOut.withUnsafeMutableBufferPointer { pdco in
            whhValue.withUnsafeBufferPointer { pw in
                withUnsafeOptionalPointer(whrValue) { phr in
                withUnsafeOptionalPointer(dy) { dyPointer in
                let p = BackwardPointers(gates: pdg.baseAddress!, recurrentGrads: pdhg.baseAddress, dh: pdh.baseAddress!,
                                         dc: pdc.baseAddress, dy: dyPointer, cPrev: pcp.baseAddress, aux: pax.baseAddress, hPrev: php.baseAddress!,
                                         dProjected: projects ? pdp.baseAddress : nil, dCellOut: projects ? pdco.baseAddress : nil)
                // Every step multiplies by W_hh [G·H, R] (and W_hr [P, H]).
                Self.onSampleChunks(batch: B, steps: T, weightHH: pw.baseAddress!, weightHR: phr, transposed: false, hidden: H,
                                    width: R, gates: GH) { rows, positions, weightHH, weightHR in
                    Self.backward(kind, relu: relu, rows: rows, positions: positions, steps: T, hidden: H, width: R,
                                  reverse: reverse, active: active, weightHH: weightHH, weightHR: weightHR, p)
                }
                }
                }
            }}}}}}}}}}
            // Whole-sequence GEMMs.
            let recurrentGrads = isGRU ? dHG : dG
            tape.updateGradient(of: ids.wHH, shape: whhValue.shape) { g in
                Tensor.gemm(recurrentGrads, transposeA: true, hPrev, into: &g, beta: 1)
            }
            // b_ih's gradient sums dG's rows; b_hh's sums the recurrent gradients', which are dG too but for a GRU.
            let dBiasIH = ids.bIH >= 0 || (ids.bHH >= 0 && !isGRU) ? dG.sumRows() : nil
            if ids.bIH >= 0, let dBiasIH { tape.accumulate(dBiasIH, into: ids.bIH) }
            if ids.bHH >= 0 { tape.accumulate(isGRU ? recurrentGrads.sumRows() : dBiasIH!, into: ids.bHH) }
            if let whrValue {
                tape.updateGradient(of: ids.wHR, shape: whrValue.shape) { g in
                    Tensor.gemm(dProjected, transposeA: true, cellOut, into: &g, beta: 1)   // [P, B·T]·[B·T, H]
                }
            }
            input.backpropagate(dG, weight: wihValue, weightID: ids.wIH, tape: tape)
            tape.accumulate(dh, into: ids.h0)
            if isLSTM { tape.accumulate(dc, into: ids.c0) }
        }
        return (outputs[0], Array(outputs.dropFirst()))
    }
}

extension FusedSequence {
    /// Runs a time loop of T steps on groups of samples, chunk by chunk (see ``SampleChunks``), with the right
    /// operands of its per-step products prepared once for every step: W_hhᵀ [R, G·H] and with a projection
    /// W_hrᵀ [H, P] (`transposed`, the forward and inference loops), or W_hh [G·H, R] and W_hr [P, H] (the backward loop).
    /// - Parameters:
    ///   - weightHH: W_hh [G·H, R]; `weightHR`: W_hr [P, H], or nil without a projection.
    ///   - body: the loop for samples `rows` over positions `positions`, given the prepared W_hh and W_hr.
    static func onSampleChunks(batch B: Int, steps T: Int, weightHH: UnsafePointer<Scalar>, weightHR: UnsafePointer<Scalar>?,
                               transposed: Bool, hidden H: Int, width R: Int, gates GH: Int,
                               _ body: @Sendable (Range<Int>, Range<Int>, PreparedRight<Scalar>, PreparedRight<Scalar>?) -> Void) {
        Scalar.withPreparedRight(weightHH, ldb: R, transposed: transposed, k: transposed ? R : GH, n: transposed ? GH : R) { weightHH in
            withOptionalPreparedRight(weightHR, ldb: H, transposed: transposed, k: transposed ? H : R, n: transposed ? R : H) { weightHR in
                SampleChunks(batch: B, steps: T, weightHH: weightHH, weightHR: weightHR).concurrentForEach { rows, positions in
                    body(rows, positions, weightHH, weightHR)
                }
            }
        }
    }

    /// The forward time loop for samples `rows`, steps `positions` (s, from 0 up to T): each step adds
    /// `h_{t-1}·W_hhᵀ` into the rows' gate pre-activations (one GEMM) and runs the gate kernel
    /// (then, with a projection, `h_t = (o ⊙ tanh c_t)·W_hrᵀ`, one GEMM). H is the
    /// width of c and of each gate, R that of h (P with a projection, else H).
    fileprivate static func forward(_ kind: CellKind, relu: Bool, rows: Range<Int>, positions: Range<Int>, steps T: Int,
                                    hidden H: Int, width R: Int, reverse: Bool, active: ActiveSteps, weightHH: PreparedRight<Scalar>,
                                    weightHR: PreparedRight<Scalar>?, _ p: Pointers<Scalar>) {
        let GH = kind.gates * H
        let (m, b0) = (rows.count, rows.lowerBound)
        let hc = p.h + b0 * R
        for s in positions {
            let t = reverse ? T - 1 - s : s
            for b in rows { (p.hPrev + (b * T + t) * R).copyScalars(from: p.h + b * R, count: R) }
            if kind == .gru {
                let hg = p.step! + b0 * GH
                Scalar.gemm(m: m, a: hc, lda: R, right: weightHH, accumulate: false, c: hg, ldc: GH)
                Scalar.addRowKernel(p.biasHH, to: hg, rows: m, cols: GH)
            } else {
                Scalar.gemm(m: m, a: hc, lda: R, right: weightHH, accumulate: true, c: p.xg + (b0 * T + t) * GH, ldc: T * GH)
            }
            for b in rows where active.contains(b, t) {
                let row = b * T + t
                let gates = p.xg + row * GH, yRow = p.y + row * R
                switch kind {
                case .lstm:
                    let cRow = p.c! + b * H, cp = p.cPrev! + row * H
                    cp.copyScalars(from: cRow, count: H)
                    Scalar.lstmForwardRow(gates: gates, cPrev: cp, c: cRow, tanhC: p.aux! + row * H,
                                          h: p.cellOut.map { $0 + row * H } ?? yRow, hidden: H)
                case .gru:
                    Scalar.gruForwardRow(xGates: gates, hGates: p.step! + b * GH, hPrev: p.hPrev + row * H,
                                         hn: p.aux! + row * H, h: yRow, hidden: H)
                case .rnn:
                    Scalar.elmanForwardRow(gates, relu: relu, hidden: H)
                    yRow.copyScalars(from: gates, count: H)
                }
                if weightHR == nil { (p.h + b * R).copyScalars(from: yRow, count: R) }
            }
            if let weightHR {
                // The rows' outputs at once; a row past its sample's length has o ⊙ tanh(c) = 0 and stays 0.
                let first = b0 * T + t
                Scalar.gemm(m: m, a: p.cellOut! + first * H, lda: T * H, right: weightHR, accumulate: false, c: p.y + first * R, ldc: T * R)
                for b in rows where active.contains(b, t) { (p.h + b * R).copyScalars(from: p.y + (b * T + t) * R, count: R) }
            }
        }
    }

    /// The backward time loop for samples `rows`, steps `positions` (position i is step s = T - 1 - i): each
    /// step turns the rows' activated gates into gate gradients in place and carries dh (one GEMM)
    /// and dc to the previous step. With a projection each step keeps dh_t
    /// (for dW_hr) and gets `d(o ⊙ tanh c_t) = dh_t·W_hr` first (one GEMM).
    fileprivate static func backward(_ kind: CellKind, relu: Bool, rows: Range<Int>, positions: Range<Int>, steps T: Int,
                                     hidden H: Int, width R: Int, reverse: Bool, active: ActiveSteps, weightHH: PreparedRight<Scalar>,
                                     weightHR: PreparedRight<Scalar>?, _ p: BackwardPointers<Scalar>) {
        let GH = kind.gates * H
        let (m, b0) = (rows.count, rows.lowerBound)
        let isGRU = kind == .gru
        for i in positions {
            let s = T - 1 - i
            let t = reverse ? T - 1 - s : s
            for b in rows {
                let row = b * T + t
                let gates = p.gates + row * GH, dhRow = p.dh + b * R
                guard active.contains(b, t) else {
                    // Past the sample's length the state passes through unchanged.
                    gates.zeroScalars(count: GH)
                    if isGRU { (p.recurrentGrads! + row * GH).zeroScalars(count: GH) }
                    p.dProjected.map { ($0 + row * R).zeroScalars(count: R) }
                    continue
                }
                if let dy = p.dy { Scalar.addKernel(dy + row * R, dhRow, R) }
                if let dProjected = p.dProjected {
                    // Through W_hr below, for the rows together.
                    (dProjected + row * R).copyScalars(from: dhRow, count: R)
                    dhRow.zeroScalars(count: R)
                    continue
                }
                switch kind {
                case .lstm:
                    Scalar.lstmBackwardRow(gates: gates, cPrev: p.cPrev! + row * H, tanhC: p.aux! + row * H,
                                           dh: dhRow, dc: p.dc! + b * H, hidden: H)
                    dhRow.zeroScalars(count: H)
                case .gru:
                    Scalar.gruBackwardRow(xGates: gates, hGatesGrad: p.recurrentGrads! + row * GH, hn: p.aux! + row * H,
                                          hPrev: p.hPrev + row * H, dh: dhRow, dhPrev: dhRow, hidden: H)
                case .rnn:
                    Scalar.elmanBackwardRow(gates, dh: dhRow, relu: relu, hidden: H)
                    dhRow.zeroScalars(count: H)
                }
            }
            if let weightHR, let dProjected = p.dProjected, let dCellOut = p.dCellOut {
                let first = b0 * T + t
                Scalar.gemm(m: m, a: dProjected + first * R, lda: T * R, right: weightHR, accumulate: false, c: dCellOut + b0 * H, ldc: H)
                for b in rows where active.contains(b, t) {
                    let row = b * T + t
                    Scalar.lstmBackwardRow(gates: p.gates + row * GH, cPrev: p.cPrev! + row * H, tanhC: p.aux! + row * H,
                                           dh: dCellOut + b * H, dc: p.dc! + b * H, hidden: H)
                }
            }
            // dh_{t-1} = direct part (carried state, GRU's z ⊙ dh), which the rows of dh now hold, + recurrent gate
            // gradients · W_hh.
            let gradRows = (isGRU ? p.recurrentGrads! : p.gates) + (b0 * T + t) * GH
            Scalar.gemm(m: m, a: gradRows, lda: T * GH, right: weightHH, accumulate: true, c: p.dh + b0 * R, ldc: R)
        }
    }
}

/// The buffers of one layer's forward pass; rows are batch-first (b·T + t).
private struct Pointers<Scalar: TensorScalar>: @unchecked Sendable {
    let xg: UnsafeMutablePointer<Scalar>       // [B·T, G·H] pre-activations in, activated gates out
    let y: UnsafeMutablePointer<Scalar>        // [B·T, R] outputs
    let hPrev: UnsafeMutablePointer<Scalar>    // [B·T, R] h before each step
    let cPrev: UnsafeMutablePointer<Scalar>?   // [B·T, H] LSTM: c before each step
    let aux: UnsafeMutablePointer<Scalar>?     // [B·T, H] LSTM tanh(c); GRU W_hn h + b_hn
    let cellOut: UnsafeMutablePointer<Scalar>? // [B·T, H] LSTM with a projection: o ⊙ tanh(c); nil without one
    let h: UnsafeMutablePointer<Scalar>        // [B, R] running h
    let c: UnsafeMutablePointer<Scalar>?       // [B, H] running c (LSTM)
    let step: UnsafeMutablePointer<Scalar>?    // [B, G·H] GRU: h·W_hhᵀ + b_hh of one step
    let biasHH: UnsafePointer<Scalar>          // [G·H]
}

/// The buffers of one layer's backward pass; rows are batch-first (b·T + t).
private struct BackwardPointers<Scalar: TensorScalar>: @unchecked Sendable {
    let gates: UnsafeMutablePointer<Scalar>          // [B·T, G·H] activated gates in, gate gradients out
    let recurrentGrads: UnsafeMutablePointer<Scalar>? // [B·T, G·H] GRU: gradients of h·W_hhᵀ + b_hh
    let dh: UnsafeMutablePointer<Scalar>             // [B, R] dh flowing back, updated in place at each step
    let dc: UnsafeMutablePointer<Scalar>?            // [B, H] dc flowing back (LSTM)
    let dy: UnsafePointer<Scalar>?                   // [B·T, R] output gradients
    let cPrev: UnsafeMutablePointer<Scalar>?
    let aux: UnsafeMutablePointer<Scalar>?
    let hPrev: UnsafeMutablePointer<Scalar>
    let dProjected: UnsafeMutablePointer<Scalar>?    // [B·T, R] with a projection: dh of every step
    let dCellOut: UnsafeMutablePointer<Scalar>?      // [B, H] with a projection: d(o ⊙ tanh c) of one step
}

/// ``TensorScalar/withPreparedRight(_:ldb:transposed:k:n:_:)`` for an operand that may be absent: `body(nil)` without one.
private func withOptionalPreparedRight<Scalar: TensorScalar>(_ b: UnsafePointer<Scalar>?, ldb: Int, transposed: Bool, k: Int, n: Int,
                                                            _ body: (PreparedRight<Scalar>?) -> Void) {
    guard let b else { return body(nil) }
    Scalar.withPreparedRight(b, ldb: ldb, transposed: transposed, k: k, n: n) { body($0) }
}

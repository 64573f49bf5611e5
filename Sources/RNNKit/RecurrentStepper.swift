import RNNCore

/// One-step inference for a unidirectional stack of built-in cells, outside
/// any tape: the fast path for generation, one token at a time.
///
/// Per step and layer it runs one matrix-vector product for the input (or,
/// for token input to the first layer, copies a row of the table projected
/// once, `P [V, G·H] = E · W_ihᵀ + b`), one for the recurrent part, and the
/// cell's fused gate kernel, all into buffers sized once. Values are the
/// same as ``Recurrent`` on an inference tape.
public struct RecurrentStepper<Scalar: RecurrentScalar> {
    fileprivate struct LayerState {
        let kind: FusedCell<Scalar>.Kind
        let weightIH: Tensor<Scalar>   // [G·H, I]
        let weightHH: Tensor<Scalar>   // [G·H, H]
        let inputBias: Tensor<Scalar>  // [G·H]: b_ih (+ b_hh except for a GRU)
        let biasHH: Tensor<Scalar>     // [G·H], used by a GRU
        var gates: Tensor<Scalar>      // [G·H]
        var recurrent: Tensor<Scalar>  // [G·H], GRU: W_hh h + b_hh
        var h: Tensor<Scalar>          // [H]
        var c: Tensor<Scalar>          // [H]: LSTM c, GRU W_hn h + b_hn
        var scratch: Tensor<Scalar>    // [H]: LSTM c_{t-1} then tanh(c), GRU h_{t-1}
        /// One step: the input and recurrent products into the gate rows,
        /// then the gate kernel, updating h (and c).
        /// - Parameter x: the input [I], or nil when `gates` already holds the
        ///   input projection (token input to the first layer).
        mutating func step(input x: Tensor<Scalar>?) {
            let (H, GH, kind) = (h.count, gates.count, self.kind)
            let inputWidth = x?.count ?? 0
            withUnsafePointers(x) { p in
                // One thread: at one token per step the products are too small
                // to repay waking a second one.
                if let xp = p.x {
                    p.gates.copyScalars(from: p.inputBias, count: GH)
                    Self.gemv(p.weightIH, rows: GH, cols: inputWidth, xp, into: p.gates)
                }
                let target = kind == .gru ? p.recurrent : p.gates
                if kind == .gru { target.copyScalars(from: p.biasHH, count: GH) }
                Self.gemv(p.weightHH, rows: GH, cols: H, p.h, into: target)
                let (G, hp, sp, cp) = (p.gates, p.h, p.scratch, p.c)
                switch kind {
                case .lstm:
                    sp.copyScalars(from: cp, count: H)  // c_{t-1}
                    Scalar.lstmForwardRow(gates: G, cPrev: sp, c: cp, tanhC: sp, h: hp, hidden: H)
                case .gru:
                    sp.copyScalars(from: hp, count: H)  // h_{t-1}; c is unused by a GRU: it holds W_hn h + b_hn
                    Scalar.gruForwardRow(xGates: G, hGates: p.recurrent, hPrev: sp, hn: cp, h: hp, hidden: H)
                case .elmanTanh, .elmanReLU:
                    Scalar.elmanForwardRow(G, relu: kind == .elmanReLU, hidden: H)
                    hp.copyScalars(from: G, count: H)
                }
            }
        }

        /// `y += W·v` for W [rows, cols] (row-major), v [cols], y [rows].
        private static func gemv(_ w: UnsafePointer<Scalar>, rows: Int, cols: Int, _ v: UnsafePointer<Scalar>,
                                 into y: UnsafeMutablePointer<Scalar>) {
            Scalar.gemm(transA: false, transB: true, m: 1, n: rows, k: cols, alpha: 1, a: v, lda: cols,
                        b: w, ldb: cols, beta: 1, c: y, ldc: rows)
        }

        /// Calls `body` with pointers to every buffer (and to `x`, if any).
        private mutating func withUnsafePointers(_ x: Tensor<Scalar>?, _ body: (StepPointers<Scalar>) -> Void) {
            let (wih, whh, bias, bhh) = (weightIH, weightHH, inputBias, biasHH)
            gates.withUnsafeMutableBufferPointer { g in
            recurrent.withUnsafeMutableBufferPointer { r in
            h.withUnsafeMutableBufferPointer { ph in
            c.withUnsafeMutableBufferPointer { pc in
            scratch.withUnsafeMutableBufferPointer { s in
            wih.withUnsafeBufferPointer { pwi in
            whh.withUnsafeBufferPointer { pwh in
            bias.withUnsafeBufferPointer { pb in
            bhh.withUnsafeBufferPointer { pbh in
            withUnsafeOptionalPointer(x) { px in
                body(StepPointers(gates: g.baseAddress!, recurrent: r.baseAddress!, h: ph.baseAddress!, c: pc.baseAddress!,
                                  scratch: s.baseAddress!, weightIH: pwi.baseAddress!, weightHH: pwh.baseAddress!,
                                  inputBias: pb.baseAddress!, biasHH: pbh.baseAddress!, x: px))
            }}}}}}}}}}
        }
    }

    private var layers: [LayerState]
    /// P [V, G·H] for token input to the first layer, when built with a table.
    private let tokenProjection: Tensor<Scalar>?

    /// A stepper over `stack`'s current weights, from a zero state; nil when a
    /// cell has no fused form or the stack is bidirectional (which cannot step).
    /// - Parameters:
    ///   - stack: the recurrent stack (its weights are copied).
    ///   - embedding: the table [V, I] the first layer's tokens index, to project once; nil for vector input.
    public init?<Cell: RecurrentCell>(_ stack: Recurrent<Cell>, embedding: Tensor<Scalar>? = nil) where Cell.Scalar == Scalar {
        guard stack.directions == 1 else { return nil }
        var layers: [LayerState] = []
        for layer in stack.cells {
            guard let fused = layer[0].fused else { return nil }
            let w = fused.weights
            let H = w.hiddenSize, GH = fused.kind.gates * H
            let gru = fused.kind == .gru
            layers.append(LayerState(
                kind: fused.kind, weightIH: w.weightIH.value, weightHH: w.weightHH.value,
                inputBias: gru ? w.biasIH.value : w.biasIH.value + w.biasHH.value, biasHH: w.biasHH.value,
                gates: Tensor(zeros: [GH]), recurrent: Tensor(zeros: [GH]), h: Tensor(zeros: [H]), c: Tensor(zeros: [H]),
                scratch: Tensor(zeros: [H])))
        }
        self.layers = layers
        tokenProjection = embedding.map { Tensor.matmul($0, layers[0].weightIH, transposeB: true).addingRow(layers[0].inputBias) }
    }

    /// H of the last layer.
    public var outputSize: Int { layers[layers.count - 1].h.count }

    /// The output of the last step, h of the last layer: [H].
    public var output: Tensor<Scalar> { layers[layers.count - 1].h }

    /// Sets every state back to zeros.
    public mutating func reset() {
        for l in layers.indices {
            layers[l].h = Tensor(zeros: layers[l].h.shape)
            layers[l].c = Tensor(zeros: layers[l].c.shape)
        }
    }

    /// One step on token `id` (in 0..<V), for a stepper built with an embedding table.
    public mutating func step(token id: Int) {
        guard let table = tokenProjection else { preconditionFailure("RecurrentStepper: built without an embedding table") }
        precondition(id >= 0 && id < table.rows, "RecurrentStepper: token \(id) out of 0..<\(table.rows)")
        let width = table.cols
        table.withUnsafeBufferPointer { p in
            layers[0].gates.withUnsafeMutableBufferPointer { $0.baseAddress!.copyScalars(from: p.baseAddress! + id * width, count: width) }
        }
        advance(from: 0, input: nil)
    }

    /// One step on an input vector x [I].
    public mutating func step(input x: Tensor<Scalar>) {
        let inputSize = layers[0].weightIH.shape[1]
        precondition(x.count == inputSize, "RecurrentStepper: input \(x.shape) for input size \(inputSize); expected [\(inputSize)]")
        advance(from: 0, input: x)
    }

    /// Runs every layer; the first gets `input` projected (or has its input
    /// projection in `gates` already when `input` is nil).
    private mutating func advance(from first: Int, input: Tensor<Scalar>?) {
        var x = input
        for l in first..<layers.count {
            layers[l].step(input: x)
            x = layers[l].h
        }
    }
}

/// The buffers of one layer's step.
private struct StepPointers<Scalar: TensorScalar> {
    let gates: UnsafeMutablePointer<Scalar>      // [G·H]
    let recurrent: UnsafeMutablePointer<Scalar>  // [G·H]
    let h: UnsafeMutablePointer<Scalar>          // [H]
    let c: UnsafeMutablePointer<Scalar>          // [H]
    let scratch: UnsafeMutablePointer<Scalar>    // [H]
    let weightIH: UnsafePointer<Scalar>          // [G·H, I]
    let weightHH: UnsafePointer<Scalar>          // [G·H, H]
    let inputBias: UnsafePointer<Scalar>         // [G·H]
    let biasHH: UnsafePointer<Scalar>            // [G·H]
    let x: UnsafePointer<Scalar>?                // [I]
}

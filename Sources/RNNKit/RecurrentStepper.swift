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
        var c: Tensor<Scalar>          // [H], LSTM
        var scratch: Tensor<Scalar>    // [H]: the previous h (GRU) or LSTM tanh(c) / GRU hn
        /// Adds the recurrent part to `gates` and runs the gate kernel, updating h (and c).
        mutating func stepCell() {
            let H = h.count
            let (whh, bhh, kind) = (weightHH, biasHH, self.kind)
            gates.withUnsafeMutableBufferPointer { g in
            recurrent.withUnsafeMutableBufferPointer { r in
            h.withUnsafeMutableBufferPointer { ph in
            c.withUnsafeMutableBufferPointer { pc in
            scratch.withUnsafeMutableBufferPointer { s in
            whh.withUnsafeBufferPointer { w in
                let G = g.baseAddress!, hp = ph.baseAddress!, sp = s.baseAddress!
                func recurrentProduct(into out: UnsafeMutablePointer<Scalar>, beta: Scalar) {
                    Scalar.gemm(transA: false, transB: true, m: 1, n: whh.rows, k: H, alpha: 1, a: hp, lda: H,
                                b: w.baseAddress!, ldb: H, beta: beta, c: out, ldc: whh.rows)
                }
                switch kind {
                case .lstm:
                    recurrentProduct(into: G, beta: 1)
                    sp.copyScalars(from: pc.baseAddress!, count: H)  // c_{t-1}
                    Scalar.lstmForwardRow(gates: G, cPrev: sp, c: pc.baseAddress!, tanhC: sp, h: hp, hidden: H)
                case .gru:
                    let R = r.baseAddress!
                    bhh.withUnsafeBufferPointer { R.copyScalars(from: $0.baseAddress!, count: bhh.count) }
                    recurrentProduct(into: R, beta: 1)
                    sp.copyScalars(from: hp, count: H)  // h_{t-1}
                    let hn = pc.baseAddress!            // c is unused by a GRU: it holds W_hn h + b_hn
                    Scalar.gruForwardRow(xGates: G, hGates: R, hPrev: sp, hn: hn, h: hp, hidden: H)
                case .elmanTanh, .elmanReLU:
                    recurrentProduct(into: G, beta: 1)
                    Scalar.elmanForwardRow(G, relu: kind == .elmanReLU, hidden: H)
                    hp.copyScalars(from: G, count: H)
                }
            }}}}}}
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
        advance(from: 0, input: x)
    }

    /// Runs layers `first...`; layer `first` gets `input` projected (or has its
    /// input projection in `gates` already when `input` is nil).
    private mutating func advance(from first: Int, input: Tensor<Scalar>?) {
        var x = input
        for l in first..<layers.count {
            if let x {
                let (w, b) = (layers[l].weightIH, layers[l].inputBias)
                layers[l].gates.withUnsafeMutableBufferPointer { g in
                    b.withUnsafeBufferPointer { g.baseAddress!.copyScalars(from: $0.baseAddress!, count: b.count) }
                    Self.gemv(w, x, into: g.baseAddress!, beta: 1)
                }
            }
            layers[l].stepCell()
            x = layers[l].h
        }
    }

    /// `y = W·v + beta·y` for W [N, K], v [K], y [N].
    private static func gemv(_ w: Tensor<Scalar>, _ v: Tensor<Scalar>, into y: UnsafeMutablePointer<Scalar>, beta: Scalar) {
        w.withUnsafeBufferPointer { pw in
            v.withUnsafeBufferPointer { pv in
                Scalar.gemm(transA: false, transB: true, m: 1, n: w.rows, k: w.cols, alpha: 1, a: pv.baseAddress!, lda: w.cols,
                            b: pw.baseAddress!, ldb: w.cols, beta: beta, c: y, ldc: w.rows)
            }
        }
    }
}

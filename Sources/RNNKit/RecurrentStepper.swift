import RNNCore
import Requirements

/// One-step inference for a unidirectional stack of built-in cells, outside
/// any tape: the fast path for generation, one token at a time for each of
/// B independent rows.
///
/// Input per step: token ids [B] (for a stepper built with an embedding
/// table) or x [B, I]; output h of the last layer [B, H]. The state is
/// ``Recurrent``'s: one entry per layer, `[h]` or `[h, c]` (LSTM), each
/// [B, H] (h [B, P] for an LSTM with a projection, whose output is [B, P]). So a prompt can run through the stack on a tape and its final
/// state go to ``state`` to continue here, or the other way round.
///
/// Per step and layer it runs one matrix product for the input (or, for
/// token input to the first layer, copies rows of the table projected once,
/// `P [V, G·H] = E · W_ihᵀ + b`), one for the recurrent part, both a
/// matrix-vector product at B = 1 and a GEMM over the B rows otherwise, then
/// the cell's fused gate kernel row by row (and for an LSTM with a projection
/// one more product, `h = (o ⊙ tanh c)·W_hrᵀ`), all into buffers sized once.
/// Values are those of ``Recurrent`` on an inference tape.
public struct RecurrentStepper<Scalar: RecurrentScalar> {
    fileprivate struct LayerState {
        let kind: CellKind
        let relu: Bool                 // Elman: ReLU instead of tanh
        let weightIH: Tensor<Scalar>   // [G·H, I]
        let weightHH: Tensor<Scalar>   // [G·H, R], R the width of h: P with a projection, else H
        let weightHR: Tensor<Scalar>?  // [P, H]: an LSTM's projection; nil without one
        let inputBias: Tensor<Scalar>  // [G·H]: b_ih (+ b_hh except for a GRU); zeros without biases
        let biasHH: Tensor<Scalar>     // [G·H], used by a GRU; zeros without biases
        var gates: Tensor<Scalar>      // [B, G·H]
        var recurrent: Tensor<Scalar>  // [B, G·H], GRU: h·W_hhᵀ + b_hh
        var h: Tensor<Scalar>          // [B, R]
        var c: Tensor<Scalar>          // [B, H]: LSTM c, unused by other cells
        var cellOut: Tensor<Scalar>    // [B, H]: LSTM with a projection, o ⊙ tanh(c); unused otherwise
        var scratch: Tensor<Scalar>    // [2·H] for one row: LSTM c_{t-1} then tanh(c); GRU h_{t-1}, W_hn h + b_hn

        /// One step: the input and recurrent products into the gate rows,
        /// then the gate kernel on each row, updating h (and c; with a projection, h is then o ⊙ tanh(c) times W_hrᵀ).
        /// - Parameter x: the input [B, I], or nil when `gates` already holds the
        ///   input projection (token input to the first layer).
        mutating func step(input x: UnsafePointer<Scalar>?) {
            let (B, R, H, GH, kind, relu) = (h.shape[0], h.cols, c.cols, gates.cols, self.kind, self.relu)
            let inputWidth = weightIH.cols
            withUnsafePointers { p in
                // One thread: at a few rows per step the products are too small
                // to repay waking a second one.
                if let xp = x {
                    for b in 0..<B { (p.gates + b * GH).copyScalars(from: p.inputBias, count: GH) }
                    Self.product(xp, rows: B, cols: inputWidth, p.weightIH, into: p.gates, width: GH)
                }
                let target = kind == .gru ? p.recurrent : p.gates
                if kind == .gru { for b in 0..<B { (target + b * GH).copyScalars(from: p.biasHH, count: GH) } }
                Self.product(p.h, rows: B, cols: R, p.weightHH, into: target, width: GH)
                let sp = p.scratch
                for b in 0..<B {
                    let (g, hp, cp) = (p.gates + b * GH, p.h + b * R, p.c + b * H)
                    switch kind {
                    case .lstm:
                        sp.copyScalars(from: cp, count: H)  // c_{t-1}
                        Scalar.lstmForwardRow(gates: g, cPrev: sp, c: cp, tanhC: sp, h: p.weightHR == nil ? hp : p.cellOut + b * H, hidden: H)
                    case .gru:
                        sp.copyScalars(from: hp, count: H)  // h_{t-1}
                        Scalar.gruForwardRow(xGates: g, hGates: p.recurrent + b * GH, hPrev: sp, hn: sp + H, h: hp, hidden: H)
                    case .rnn:
                        Scalar.elmanForwardRow(g, relu: relu, hidden: H)
                        hp.copyScalars(from: g, count: H)
                    }
                }
                if let weightHR = p.weightHR {
                    p.h.zeroScalars(count: B * R)
                    Self.product(p.cellOut, rows: B, cols: H, weightHR, into: p.h, width: R)
                }
            }
        }

        /// `y += v·Wᵀ` for v [rows, cols], W [width, cols] and y [rows, width], all row-major:
        /// a matrix-vector product for one row, one GEMM for more.
        private static func product(_ v: UnsafePointer<Scalar>, rows: Int, cols: Int, _ w: UnsafePointer<Scalar>,
                                    into y: UnsafeMutablePointer<Scalar>, width: Int) {
            Scalar.gemm(transA: false, transB: true, m: rows, n: width, k: cols, alpha: 1, a: v, lda: cols,
                        b: w, ldb: cols, beta: 1, c: y, ldc: width)
        }

        /// Calls `body` with pointers to every buffer.
        private mutating func withUnsafePointers(_ body: (StepPointers<Scalar>) -> Void) {
            // The weights are read in place (outermost, each a read of its own stored property), the buffers written
            // inside: no copy of a tensor, so no reference counting per step.
            weightIH.withUnsafeBufferPointer { pwi in
            weightHH.withUnsafeBufferPointer { pwh in
            withUnsafeOptionalPointer(weightHR) { pwr in
            inputBias.withUnsafeBufferPointer { pb in
            biasHH.withUnsafeBufferPointer { pbh in
            gates.withUnsafeMutableBufferPointer { g in
            recurrent.withUnsafeMutableBufferPointer { r in
            h.withUnsafeMutableBufferPointer { ph in
            c.withUnsafeMutableBufferPointer { pc in
            cellOut.withUnsafeMutableBufferPointer { pco in
            scratch.withUnsafeMutableBufferPointer { s in
                body(StepPointers(gates: g.baseAddress!, recurrent: r.baseAddress!, h: ph.baseAddress!, c: pc.baseAddress!,
                                  cellOut: pco.baseAddress!, scratch: s.baseAddress!, weightIH: pwi.baseAddress!,
                                  weightHH: pwh.baseAddress!, weightHR: pwr, inputBias: pb.baseAddress!, biasHH: pbh.baseAddress!))
            }}}}}}}}}}}
        }
    }

    private var layers: [LayerState]
    /// P [V, G·H] for token input to the first layer, when built with a table.
    private let tokenProjection: Tensor<Scalar>?
    /// B, the rows that step together.
    public let batchSize: Int

    /// A stepper over `stack`'s current weights, from a zero state; nil when a
    /// cell has no fused form or the stack is bidirectional (which cannot step).
    /// - Parameters:
    ///   - stack: the recurrent stack (its weights are copied).
    ///   - embedding: the table [V, I] the first layer's tokens index, to project once; nil for vector input.
    ///   - batchSize: B ≥ 1, the independent rows stepped together.
    public init?<Cell: RecurrentCell>(_ stack: Recurrent<Cell>, embedding: Tensor<Scalar>? = nil, batchSize: Int = 1)
    where Cell.Scalar == Scalar {
        require(batchSize >= 1, "RecurrentStepper: batchSize \(batchSize) must be ≥ 1")
        guard stack.directions == 1 else { return nil }
        var layers: [LayerState] = []
        for layer in stack.cells {
            guard let fused = layer[0].fused else { return nil }
            let w = fused.weights
            let H = w.hiddenSize, GH = fused.kind.gates * H
            let gru = fused.kind == .gru
            let (biasIH, biasHH) = (w.biasIH?.value ?? Tensor(zeros: [GH]), w.biasHH?.value ?? Tensor(zeros: [GH]))
            layers.append(LayerState(
                kind: fused.kind, relu: fused.relu, weightIH: w.weightIH.value, weightHH: w.weightHH.value,
                weightHR: w.weightHR?.value, inputBias: gru ? biasIH : biasIH + biasHH, biasHH: biasHH,
                gates: Tensor(zeros: [batchSize, GH]), recurrent: Tensor(zeros: [batchSize, GH]),
                h: Tensor(zeros: [batchSize, w.outputSize]), c: Tensor(zeros: [batchSize, H]),
                cellOut: Tensor(zeros: [w.weightHR == nil ? 1 : batchSize, H]), scratch: Tensor(zeros: [2 * H])))
        }
        self.layers = layers
        self.batchSize = batchSize
        tokenProjection = embedding.map { Tensor.matmul($0, layers[0].weightIH, transposeB: true).addingRow(layers[0].inputBias) }
    }

    /// The width of h of the last layer: H, or P with a projection.
    public var outputSize: Int { layers[layers.count - 1].h.cols }

    /// The output of the last step, h of the last layer: [B, H] ([B, P] with a projection).
    public var output: Tensor<Scalar> { layers[layers.count - 1].h }

    /// The state, as ``Recurrent`` takes it (`initialState:`) and gives it back: one entry per layer, `[h]`, or
    /// `[h, c]` for an LSTM, each [B, H] (h [B, P] with a projection). Set it to continue from a state a tape run ended in.
    /// - Precondition: a new value has one entry per layer, each of the cell's tensors, of those shapes.
    public var state: [[Tensor<Scalar>]] {
        get { layers.map { $0.kind == .lstm ? [$0.h, $0.c] : [$0.h] } }
        set {
            require(newValue.count == layers.count, "RecurrentStepper: a state of \(newValue.count) layers for a stack of \(layers.count)")
            for (l, s) in newValue.enumerated() {
                let shapes = layers[l].kind == .lstm ? [layers[l].h.shape, layers[l].c.shape] : [layers[l].h.shape]
                require(s.map(\.shape) == shapes,
                             "RecurrentStepper: state \(s.map(\.shape)) for layer \(l); expected \(shapes.count == 2 ? "[h, c]" : "[h]"), "
                             + (Set(shapes).count == 1 ? "each [B, H] = \(shapes[0])" : "of shapes \(shapes) (h [B, P] and c [B, H])"))
                layers[l].h = s[0]
                if shapes.count == 2 { layers[l].c = s[1] }
            }
        }
    }

    /// Sets every state back to zeros.
    public mutating func reset() {
        for l in layers.indices {
            layers[l].h = Tensor(zeros: layers[l].h.shape)
            layers[l].c = Tensor(zeros: layers[l].c.shape)
        }
    }

    /// One step on token ids [B] (each in 0..<V), for a stepper built with an embedding table.
    @_specialize(where Scalar == Float)
    public mutating func step(tokens ids: [Int]) {
        guard let table = tokenProjection else { failRequirement("RecurrentStepper: built without an embedding table") }
        require(ids.count == batchSize, "RecurrentStepper: \(ids.count) token ids for batch size \(batchSize)")
        if let bad = ids.first(where: { $0 < 0 || $0 >= table.rows }) {
            failRequirement("RecurrentStepper: token \(bad) out of 0..<\(table.rows)")
        }
        let width = table.cols
        table.withUnsafeBufferPointer { p in
            layers[0].gates.withUnsafeMutableBufferPointer { g in
                for (b, id) in ids.enumerated() {
                    (g.baseAddress! + b * width).copyScalars(from: p.baseAddress! + id * width, count: width)
                }
            }
        }
        advance(input: nil)
    }

    /// One step on inputs x [B, I].
    @_specialize(where Scalar == Float)
    public mutating func step(input x: Tensor<Scalar>) {
        let expected = [batchSize, layers[0].weightIH.cols]
        require(x.shape == expected, "RecurrentStepper: input \(x.shape) for batch size \(batchSize) and input size \(expected[1]); "
                     + "expected [B, I] = \(expected)")
        advance(input: x)
    }

    /// Runs every layer; the first gets `input` projected (or has its input
    /// projection in `gates` already when `input` is nil).
    private mutating func advance(input: Tensor<Scalar>?) {
        // Through a buffer pointer, each layer reads h of the one below in place while it steps.
        layers.withUnsafeMutableBufferPointer { layers in
            withUnsafeOptionalPointer(input) { layers[0].step(input: $0) }
            for l in layers.indices.dropFirst() {
                layers[l - 1].h.withUnsafeBufferPointer { layers[l].step(input: $0.baseAddress) }
            }
        }
    }
}

/// The buffers of one layer's step.
private struct StepPointers<Scalar: TensorScalar> {
    let gates: UnsafeMutablePointer<Scalar>      // [B, G·H]
    let recurrent: UnsafeMutablePointer<Scalar>  // [B, G·H]
    let h: UnsafeMutablePointer<Scalar>          // [B, R]
    let c: UnsafeMutablePointer<Scalar>          // [B, H]
    let cellOut: UnsafeMutablePointer<Scalar>    // [B, H] with a projection
    let scratch: UnsafeMutablePointer<Scalar>    // [2·H]
    let weightIH: UnsafePointer<Scalar>          // [G·H, I]
    let weightHH: UnsafePointer<Scalar>          // [G·H, R]
    let weightHR: UnsafePointer<Scalar>?         // [P, H] with a projection
    let inputBias: UnsafePointer<Scalar>         // [G·H]
    let biasHH: UnsafePointer<Scalar>            // [G·H]
}

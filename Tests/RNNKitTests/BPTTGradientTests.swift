import Testing
import RNNKit

/// Gradient checks through time in Float64 against central differences:
/// every cell x stack shape x BPTT mode x equal or variable lengths.
@Suite struct BPTTGradientTests {
    enum Mode: String, CaseIterable, Sendable, CustomStringConvertible {
        case full, truncated, overlapping, wide
        var description: String { rawValue }
        func policy(length: Int) -> TBPTT {
            switch self {
            case .full: .full(length: length)
            case .truncated: TBPTT(k1: 3)
            case .overlapping: TBPTT(k1: 2, k2: 3)
            case .wide: TBPTT(k1: 2, k2: 5)  // k2 ≥ 2·k1
            }
        }
    }

    static let tolerance = 1e-6

    @Test(arguments: TestCell.allCases, StackShape.allCases)
    func gradientsMatchFiniteDifferences(kind: TestCell, shape: StackShape) {
        expectGradientsMatch("\(kind) \(shape)") { ProbeTask(kind, shape: shape, lengths: $0) }
    }

    /// Without biases (PyTorch's `bias=False`), for every cell and stack shape.
    @Test(arguments: TestCell.allCases, StackShape.allCases)
    func gradientsWithoutBiasesMatchFiniteDifferences(kind: TestCell, shape: StackShape) {
        expectGradientsMatch("\(kind) \(shape) without biases") { ProbeTask(kind, shape: shape, options: .noBias, lengths: $0) }
    }

    /// An LSTM with a projection (PyTorch's `proj_size`, h of size 2 from H = 3), with and without biases.
    @Test(arguments: StackShape.allCases, [true, false])
    func gradientsWithAProjectionMatchFiniteDifferences(shape: StackShape, bias: Bool) {
        let options = CellOptions(bias: bias, projectionSize: 2)
        expectGradientsMatch("lstm \(shape) \(options)") {
            ProbeTask(.lstm, shape: shape, options: options, hiddenSize: 3, lengths: $0)
        }
    }

    /// Checks the gradients of the task `makeTask(lengths)` makes, for every mode, with equal and with variable lengths.
    private func expectGradientsMatch(_ label: String, makeTask: ([Int]?) -> ProbeTask) {
        for mode in Mode.allCases {
            for lengths in [nil, [7, 4] as [Int]?] {
                let task = makeTask(lengths)
                let policy = mode.policy(length: task.length)
                let updates = policy.updates(length: task.length)
                // A middle update when there is one: its window starts from a carried state.
                let update = updates[updates.count / 2]
                let carried = stateAt(update.window.lowerBound, task: task)
                let report = GradientCheck.run(parameters: task.parameters) { tape, _ in
                    policy.record(update, task: task, carried: carried, tape: tape).loss
                }
                #expect(report.worstRelativeError < Self.tolerance,
                        "\(label) \(mode) lengths \(String(describing: lengths)): \(report)")
            }
        }
    }

    @Test func updatesTileTheSequence() {
        let policy = TBPTT(k1: 2, k2: 3)
        let updates = policy.updates(length: 7)
        #expect(updates.map(\.lossSteps) == [0..<2, 2..<4, 4..<6, 6..<7])
        #expect(updates.map(\.window) == [0..<2, 1..<4, 3..<6, 5..<7])
        #expect(updates.map(\.split) == [1, 3, 5, 7])
        // Each window starts where the previous update split.
        for (a, b) in zip(updates, updates.dropFirst()) { #expect(a.split == b.window.lowerBound) }
        #expect(TBPTT(k1: 3).updates(length: 7).map(\.window) == [0..<3, 3..<6, 6..<7])
    }

    @Test func invalidSettingsAreTypedErrors() {
        #expect(throws: TBPTTError.nonPositiveK1(0)) { try TBPTT.validated(k1: 0, k2: nil) }
        #expect(throws: TBPTTError.windowShorterThanStride(k1: 5, k2: 3)) { try TBPTT.validated(k1: 5, k2: 3) }
        #expect("\(TBPTTError.windowShorterThanStride(k1: 5, k2: 3))" == "the backpropagation window k2 must be at least k1: got k2=3 < k1=5")
        #expect((try? TBPTT.validated(k1: 5, k2: 8)) == TBPTT(k1: 5, k2: 8))
    }
}

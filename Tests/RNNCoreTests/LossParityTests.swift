import Foundation
import Testing
@testable import RNNCore

/// `losses.json`, written by `Fixtures/make_function_fixtures.py`: PyTorch's losses (reduction "mean")
/// and their gradients in the prediction, in float32 and float64.
struct LossFixture: Decodable {
    struct Case: Decodable {
        var name, dtype: String
        var shape: [Int]
        /// The prediction (logits, log-probabilities, …) first in the script, then the other tensors, by name.
        var inputs: [String: [Double]]
        var loss: Double
        var grad: [Double]
    }
    var torch: String
    var cases: [Case]
}

extension LossFixture.Case {
    var label: String { "\(name) \(inputs.keys.sorted()) \(dtype)" }

    /// Input `key` as a tensor of `shape` (nil for a key the case does not hold).
    func tensor<S: TensorScalar>(_ key: String, _ shape: [Int]? = nil) -> Tensor<S>? {
        inputs[key].map { Tensor(shape: shape ?? [$0.count], scalars: $0.map { S($0) }) }
    }

    /// The loss and its gradient in the input `prediction`, computed by `loss` on a tape of `S`.
    func run<S: TensorScalar>(_: S.Type, prediction: String,
                              _ loss: (Variable<S>) -> Variable<S>) -> (loss: Double, grad: [Double]) {
        let tape = Tape<S>()
        let x = tape.variable(tensor(prediction, shape)!)
        let l = loss(x)
        tape.backward(from: l)
        return (Double(l.scalar), tape.gradient(of: x)!.scalars.map(Double.init))
    }
}

@Suite struct LossParityTests {
    let fixture: LossFixture
    init() throws { fixture = try loadFixture("losses", as: LossFixture.self) }

    /// Every case of `name`, its loss and gradient computed in the case's dtype by `compute`, against PyTorch's.
    private func expectMatches(_ name: String, sourceLocation: SourceLocation = #_sourceLocation,
                               _ compute: (LossFixture.Case) -> (loss: Double, grad: [Double])) {
        let cases = fixture.cases.filter { $0.name == name }
        #expect(!cases.isEmpty, "losses.json holds no \(name) case", sourceLocation: sourceLocation)
        for c in cases {
            let tolerance = c.dtype == "float32" ? 1e-6 : 1e-14
            let (loss, grad) = compute(c)
            #expect(relativeError(loss, c.loss) < tolerance, "\(c.label): \(loss) against PyTorch's \(c.loss)",
                    sourceLocation: sourceLocation)
            let worst = zip(grad, c.grad).map { relativeError($0, $1) }.max() ?? .infinity
            #expect(grad.count == c.grad.count && worst < tolerance, "\(c.label): gradient \(grad) against PyTorch's \(c.grad)",
                    sourceLocation: sourceLocation)
        }
    }

    /// With logits from −100 to 100, soft targets, and positive weights per class or one for all.
    @Test func binaryCrossEntropyWithLogits() {
        func compute<S: TensorScalar>(_ c: LossFixture.Case, _: S.Type) -> (loss: Double, grad: [Double]) {
            c.run(S.self, prediction: "logits") {
                Loss.binaryCrossEntropyWithLogits(logits: $0, targets: c.tensor("targets", c.shape)!,
                                                  positiveWeight: c.tensor("positiveWeight"))
            }
        }
        expectMatches("bce") { $0.dtype == "float32" ? compute($0, Float.self) : compute($0, Double.self) }
    }

    /// On a log-softmax and on log-probabilities that are not normalized, without weights and with PyTorch's
    /// class weights and ignore_index as row weights (w[target], 0 for the ignored row).
    @Test func nllLoss() {
        func compute<S: TensorScalar>(_ c: LossFixture.Case, _: S.Type) -> (loss: Double, grad: [Double]) {
            let targets = c.inputs["targets"]!.map { Swift.max(Int($0), 0) }   // the ignored row's −100: any id, weight 0
            return c.run(S.self, prediction: "logProbabilities") {
                Loss.nllLoss(logProbabilities: $0, targets: targets, weights: c.tensor("weights"))
            }
        }
        expectMatches("nll") { $0.dtype == "float32" ? compute($0, Float.self) : compute($0, Double.self) }
    }

    /// PyTorch's `smooth_l1_loss(beta: β)` is `Loss.huber(delta: β) / β` for β > 0 and `Loss.mae` at β = 0,
    /// as ``Loss/huber(_:_:delta:)`` documents (there is no separate function).
    @Test func smoothL1IsHuberOverBeta() {
        func compute<S: TensorScalar>(_ c: LossFixture.Case, _: S.Type) -> (loss: Double, grad: [Double]) {
            let beta = S(c.inputs["beta"]![0]), target: Tensor<S> = c.tensor("target")!
            return c.run(S.self, prediction: "prediction") {
                beta > 0 ? Loss.huber($0, target, delta: beta) / beta : Loss.mae($0, target)
            }
        }
        expectMatches("smoothL1") { $0.dtype == "float32" ? compute($0, Float.self) : compute($0, Double.self) }
    }
}

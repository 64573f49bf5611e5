import Foundation
import Testing
@testable import RNNCore

/// End-to-end: a Linear-Tanh-Linear network trained by plain gradient descent
/// (written here, independent of the optimizers) with the fused cross-entropy.
@Suite struct MLPTests {
    private func mlp(hidden: Int, seed: UInt64, activation: any Layer<Float> = Tanh()) -> Sequential<Float> {
        var g = SeededGenerator(seed: seed)
        return Sequential([Linear<Float>(inputSize: 2, outputSize: hidden, generator: &g), activation,
                           Linear<Float>(inputSize: hidden, outputSize: 2, generator: &g)])
    }

    /// Full-batch gradient descent, w ← w - lr·∇w, for `steps` steps; returns the last loss.
    @discardableResult
    private func train(_ model: Sequential<Float>, x: Tensor<Float>, labels: [Int], steps: Int, learningRate: Float) -> Float {
        var loss: Float = .infinity
        for _ in 0..<steps {
            let tape = Tape<Float>()
            let l = Loss.crossEntropy(logits: model(tape.constant(x)), targets: labels)
            tape.backward(from: l)
            loss = l.scalar
            for p in model.parameters {
                p.value.add(p.grad, scaledBy: -learningRate)
                p.zeroGrad()
            }
        }
        return loss
    }

    private func accuracy(_ model: Sequential<Float>, x: Tensor<Float>, labels: [Int]) -> Double {
        let logits = model(Tape<Float>(recording: false).constant(x)).value
        let correct = labels.indices.filter { (logits[$0, 1] > logits[$0, 0] ? 1 : 0) == labels[$0] }.count
        return Double(correct) / Double(labels.count)
    }

    @Test func learnsXOR() {
        let x = Tensor<Float>(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let labels = [0, 1, 1, 0]
        let model = mlp(hidden: 8, seed: 1)
        let before = accuracy(model, x: x, labels: labels)
        let loss = train(model, x: x, labels: labels, steps: 300, learningRate: 1)
        #expect(accuracy(model, x: x, labels: labels) == 1, "accuracy before training \(before), final loss \(loss)")
        #expect(loss < 0.05)
    }

    /// Each activation layer in the Sequential, in place of tanh (named by index around it, as in PyTorch).
    @Test(arguments: ["gelu", "gelu-tanh", "silu", "elu", "leaky-relu", "softplus"])
    func learnsXORWith(activation name: String) {
        let activation: any Layer<Float> = switch name {
        case "gelu": GELU()
        case "gelu-tanh": GELU(approximate: .tanh)
        case "silu": SiLU()
        case "elu": ELU()
        case "leaky-relu": LeakyReLU()
        default: Softplus()
        }
        let x = Tensor<Float>(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let labels = [0, 1, 1, 0]
        let model = mlp(hidden: 8, seed: 1, activation: activation)
        #expect(model.parameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        let loss = train(model, x: x, labels: labels, steps: 300, learningRate: 1)
        #expect(accuracy(model, x: x, labels: labels) == 1, "final loss \(loss)")
        #expect(loss < 0.05)
    }

    /// Two interleaving half circles with Gaussian noise (scikit-learn's `make_moons`).
    private func moons(count: Int, noise: Double, seed: UInt64) -> (Tensor<Float>, [Int]) {
        var g = SeededGenerator(seed: seed)
        var points: [Float] = [], labels: [Int] = []
        for i in 0..<count {
            let label = i % 2
            let t = Double.pi * g.nextUnit()
            let (px, py) = label == 0 ? (cos(t), sin(t)) : (1 - cos(t), 0.5 - sin(t))
            points += [Float(px + noise * g.normal()), Float(py + noise * g.normal())]
            labels.append(label)
        }
        return (Tensor(shape: [count, 2], scalars: points), labels)
    }

    @Test func learnsMoonsAndGeneralizes() {
        let (train, trainLabels) = moons(count: 200, noise: 0.1, seed: 2)
        let (test, testLabels) = moons(count: 200, noise: 0.1, seed: 3)
        let model = mlp(hidden: 16, seed: 4)
        self.train(model, x: train, labels: trainLabels, steps: 600, learningRate: 1)
        #expect(accuracy(model, x: train, labels: trainLabels) >= 0.97)
        #expect(accuracy(model, x: test, labels: testLabels) >= 0.95)
    }
}

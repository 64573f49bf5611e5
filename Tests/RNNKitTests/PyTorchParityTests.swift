import Foundation
import Testing
import RNNKit

/// Outputs and gradients against PyTorch's, from fixtures written by
/// Fixtures/make_parity_fixtures.py (run by hand with torch installed): the
/// default stacks, and stacks without biases (`bias=False`) or with an LSTM
/// projection (`proj_size`).
@Suite struct PyTorchParityTests {
    struct Fixture: Decodable, Sendable, CustomStringConvertible {
        struct Param: Decodable, Sendable { var shape: [Int]; var data: [Float] }
        var name, cell: String
        var layers, batch, steps: Int
        var bidirectional: Bool
        var input_size, hidden_size: Int
        var lengths: [Int]?
        /// False for a stack made with `bias=False`; absent in the defaults' file.
        var bias: Bool?
        /// An LSTM's `proj_size`, 0 for none; absent in the defaults' file.
        var proj_size: Int?
        var params: [String: Param]
        var grads: [String: [Float]]
        var x, h0, y, hn, wy, wh, dx, dh0: [Float]
        var c0, cn, wc, dc0: [Float]?
        var loss: Float
        var description: String { name }
    }

    static let fixtures = cases(in: "pytorch_parity.json") + cases(in: "pytorch_parity_options.json")

    static func cases(in name: String) -> [Fixture] {
        struct File: Decodable { var cases: [Fixture] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.cases
    }

    /// max |a - b| / max |b|: the error relative to the tensor's scale.
    func relativeError(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "compared \(a.count) values with \(b.count)")
        let scale = b.map(abs).max() ?? 0
        return (zip(a, b).map { abs($0 - $1) }.max() ?? 0) / max(scale, 1e-6)
    }

    @Test func fixturesArePresent() {
        #expect(Self.cases(in: "pytorch_parity.json").count == 11)
        #expect(Self.cases(in: "pytorch_parity_options.json").count == 7)
    }

    @Test(arguments: fixtures)
    func matchesPyTorch(_ f: Fixture) throws {
        let kind: TestCell = switch f.cell {
        case "lstm": .lstm
        case "gru": .gru
        case "rnn_tanh": .rnnTanh
        default: .rnnReLU
        }
        let stack = AnyStack<Float>(kind, inputSize: f.input_size, hiddenSize: f.hidden_size, layers: f.layers,
                                    bidirectional: f.bidirectional,
                                    options: CellOptions(bias: f.bias ?? true, projectionSize: f.proj_size.flatMap { $0 > 0 ? $0 : nil }))
        #expect(Set(stack.parameters.map(\.name)) == Set(f.params.keys.map { "rnn." + $0 }))
        for p in stack.parameters {
            let src = try #require(f.params[String(p.name.dropFirst(4))])
            #expect(src.shape == p.shape, "\(p.name)")
            p.value = Tensor(shape: src.shape, scalars: src.data)
        }
        let (B, T, H) = (f.batch, f.steps, f.hidden_size)
        let P = (f.proj_size ?? 0) > 0 ? f.proj_size! : H    // the width of h
        let D = f.bidirectional ? 2 : 1
        let tape = Tape<Float>()
        let x = tape.variable(Tensor(shape: [B, T, f.input_size], scalars: f.x))
        let states: [[Variable<Float>]] = (0..<(f.layers * D)).map { k in
            let slice = { (v: [Float], w: Int) in Tensor(shape: [B, w], scalars: Array(v[(k * B * w)..<((k + 1) * B * w)])) }
            var s = [tape.variable(slice(f.h0, P))]
            if let c0 = f.c0 { s.append(tape.variable(slice(c0, H))) }
            return s
        }
        let (y, final) = stack.run(x, states, f.lengths)
        var loss = (y * tape.constant(Tensor(shape: y.shape, scalars: f.wy))).sum()
        let hn = Variable.stack(final.map { $0[0] }, axis: 0)
        loss = loss + (hn * tape.constant(Tensor(shape: hn.shape, scalars: f.wh))).sum()
        if let wc = f.wc {
            let cn = Variable.stack(final.map { $0[1] }, axis: 0)
            loss = loss + (cn * tape.constant(Tensor(shape: cn.shape, scalars: wc))).sum()
            #expect(relativeError(cn.value.scalars, f.cn!) < 1e-5, "c_n")
        }
        tape.backward(from: loss)
        let tolerance: Float = 1e-5
        #expect(relativeError(y.value.scalars, f.y) < tolerance, "outputs")
        #expect(relativeError(hn.value.scalars, f.hn) < tolerance, "h_n")
        #expect(abs(loss.value.scalar - f.loss) / max(abs(f.loss), 1) < tolerance, "loss")
        for p in stack.parameters {
            #expect(relativeError(p.grad.scalars, f.grads[String(p.name.dropFirst(4))]!) < tolerance, "grad \(p.name)")
        }
        #expect(relativeError(tape.gradient(of: x)!.scalars, f.dx) < tolerance, "dx")
        let dh0 = states.flatMap { tape.gradient(of: $0[0])!.scalars }
        #expect(relativeError(dh0, f.dh0) < tolerance, "dh0")
        if let dc0 = f.dc0 {
            #expect(relativeError(states.flatMap { tape.gradient(of: $0[1])!.scalars }, dc0) < tolerance, "dc0")
        }
    }
}

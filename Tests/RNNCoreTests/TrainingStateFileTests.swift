import Foundation
import Testing
@testable import RNNCore

/// An optimizer's and a schedule's state saved in a safetensors file with the parameters.
@Suite struct TrainingStateFileTests {
    /// A small regression run: a linear layer, Adam and a warmup-cosine schedule.
    struct Run {
        let layer: Linear<Float>
        let optimizer: Adam<Float>
        var schedule: WarmupCosine
        let x = Tensor<Float>(shape: [4, 3], scalars: (0..<12).map { Float($0) / 6 - 1 })
        let y = Tensor<Float>(shape: [4, 2], scalars: [1, -1, 0.5, 0, -0.5, 2, 0, 1])

        init() {
            var g = SeededGenerator(seed: 3)
            layer = Linear(inputSize: 3, outputSize: 2, name: "fc", generator: &g)
            optimizer = Adam(parameters: layer.parameters, learningRate: 0.05)
            schedule = WarmupCosine(for: optimizer, warmupSteps: 2, totalSteps: 10)
        }

        mutating func train(steps: Int) {
            for _ in 0..<steps {
                let tape = Tape<Float>()
                optimizer.zeroGrad()
                tape.backward(from: Loss.mse(layer(tape.constant(x)), y))
                schedule.apply(to: optimizer)
                optimizer.step()
            }
        }

        var file: SafetensorsFile {
            var file = SafetensorsFile(parameters: layer.parameters)
            file.store(optimizer.exportState())
            file.store(scalars: schedule.exportState())
            return file
        }
    }

    /// Stopped after 3 steps, saved, read back into a fresh run and trained on: the same weights
    /// as the run that never stopped, bit for bit.
    @Test func resumedRunMatchesTheUninterruptedOne() throws {
        var whole = Run()
        whole.train(steps: 6)
        var first = Run()
        first.train(steps: 3)
        let saved = try SafetensorsFile(data: first.file.serialized())
        var resumed = Run()
        try saved.load(into: resumed.layer.parameters, unexpected: .allow(prefixes: ["optimizer."]))
        try resumed.optimizer.restoreState(saved.optimizerState())
        try resumed.schedule.restoreState(saved.scalars(prefix: "scheduler."))
        #expect(resumed.optimizer.groups == first.optimizer.groups)
        resumed.train(steps: 3)
        #expect(resumed.layer.parameters.map(\.value) == whole.layer.parameters.map(\.value))
        #expect(saved.metadata["optimizer.step"] == "3.0")
    }

    /// Storing another optimizer's state replaces the first one's buffers, and metadata of the user's
    /// own under the prefix is left alone.
    @Test func storingAgainReplacesTheOptimizerState() throws {
        var run = Run()
        run.train(steps: 2)
        var file = run.file
        file.metadata["optimizer.name"] = "adam"
        let sgd = SGD(parameters: run.layer.parameters, learningRate: 0.1, momentum: 0.9)
        try sgd.restoreState(OptimizerState(tensors: run.layer.parameters.reduce(into: [:]) {
            $0[OptimizerState<Float>.key("momentum_buffer", $1.name)] = $1.value
        }, scalars: [OptimizerState<Float>.stepKey: 4, OptimizerState<Float>.learningRateKey: 0.1]))
        file.store(sgd.exportState())
        let fresh = SGD(parameters: run.layer.parameters, learningRate: 0.1, momentum: 0.9)
        try fresh.restoreState(try SafetensorsFile(data: file.serialized()).optimizerState())
        #expect(fresh.exportState() == sgd.exportState())
        #expect(!file.tensors.keys.contains { $0.hasPrefix("optimizer.exp_avg") })
    }

    /// A step count or learning rate that is not a number names its key.
    @Test func unreadableScalarIsAnError() throws {
        var run = Run()
        run.train(steps: 1)
        var file = run.file
        file.metadata["optimizer.lr"] = "fast"
        #expect(throws: OptimizerStateError.unreadableScalar(key: "optimizer.lr", text: "fast")) {
            try file.optimizerState(as: Float.self)
        }
        #expect("\(OptimizerStateError.unreadableScalar(key: "optimizer.lr", text: "fast"))"
            == "optimizer state: scalar 'optimizer.lr' is 'fast', not a number")
    }
}

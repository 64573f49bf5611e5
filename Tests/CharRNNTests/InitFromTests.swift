import Foundation
import Testing
import RNNCore
import _TestSupport

/// `char-rnn train --init-from`: a new run that starts from saved weights.
@Suite struct InitFromTests {
    /// PyTorch's initial weights in a plain safetensors file (a `state_dict` saved with
    /// safetensors) reproduce PyTorch's run: the loss of every update within 1e-5. The
    /// fixture is the one of RNNKitTests' TrainingParityTests (``TrainingFixture``).
    @Test func pytorchWeightsReproducePyTorchsRun() throws {
        let fixture = try #require(TrainingFixture.shared)
        let f = try #require(fixture.cases.first { $0.name == "lstm" })
        let w = try Workspace()
        try w.write(fixture.text, to: "names.txt")
        try f.initialWeights.write(to: w.directory.file("init.safetensors"))
        // The model's shape (LSTM, 2 layers, hidden 8) comes from the file.
        let run = try w.run(["train", "--data", "names.txt", "--init-from", "init.safetensors", "--batch-size", "\(f.batch)",
                             "--seq-length", "\(f.seq)", "--lr", "\(f.lr)", "--clip-norm", "\(f.clip)", "--max-steps", "\(f.steps)",
                             "--eval-every", "1", "--threads", "1", "--quiet", "--checkpoint-dir", "ck", "--log", "log.jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        // One update per evaluation: each logged train loss is that update's loss.
        let losses = try w.loggedLosses("log.jsonl").map { Double($0.split(separator: " ")[1])! }
        #expect(losses.count == f.steps)
        for (step, (ours, theirs)) in zip(losses, f.losses).enumerated() {
            #expect(abs(ours - theirs) <= 1e-5 * theirs, "update \(step + 1): \(ours) against PyTorch's \(theirs)")
        }
    }

    /// A PyTorch state_dict of an LSTM with proj_size and bias=False (`rnn.weight_hr_l0` [P, H], no `rnn.bias_*`)
    /// gives its shape, trains, and its checkpoint samples.
    @Test func aStateDictOfAProjectedLSTMWithoutBiasesTrains() throws {
        let w = try Workspace()
        let (V, E, H, P) = (30, 4, 6, 3)
        let shapes = ["embed.weight": [V, E], "rnn.weight_ih_l0": [4 * H, E], "rnn.weight_hh_l0": [4 * H, P],
                      "rnn.weight_hr_l0": [P, H], "head.weight": [V, P], "head.bias": [V]]
        let tensors = shapes.mapValues { shape in
            AnyTensor(Tensor<Float>(shape: shape, scalars: (0..<shape.reduce(1, *)).map { Float($0 % 7) / 20 - 0.15 }))
        }
        try SafetensorsFile(tensors: tensors).write(to: w.directory.file("weights.safetensors"))
        let run = try w.run(["train", "--data", "text.txt", "--init-from", "weights.safetensors", "--seq-length", "8", "--batch-size", "3",
                             "--max-steps", "2", "--threads", "1", "--checkpoint-dir", "ck"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("model: lstm 1×6 projected to 3 without biases, embedding 4"), "\(run.stderr)")
        let sample = try w.run(["sample", "--checkpoint", "ck/latest.safetensors", "--length", "10"])
        #expect(sample.status == 0 && !sample.stdout.isEmpty, "\(sample.stderr)")
    }

    /// A checkpoint brings its model (a GRU here, though the flags name no cell) and weights;
    /// steps, optimizer and log start anew. With --lr 0 the weights stay as they were, so the
    /// first validation loss is the checkpoint's last, bit for bit.
    @Test func aCheckpointGivesItsModelAndTheRunStartsAnew() throws {
        let w = try Workspace()
        let source = try w.trainTiny(steps: 10, extra: ["--cell", "gru", "--log", "source.jsonl"])
        #expect(source.status == 0, "\(source.stderr)")
        let run = try w.run(["train", "--data", "text.txt", "--init-from", "ck/latest.safetensors", "--lr", "0",
                             "--seq-length", "8", "--batch-size", "3", "--max-steps", "2", "--eval-every", "1", "--threads", "1",
                             "--checkpoint-dir", "ck2", "--log", "init.jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("model: gru 2×12"), "\(run.stderr)")
        // PyTorch's count for this model: Embedding V·12, GRU 2 × (3·12·(12 + 12) + 6·12), Linear 12·V + V.
        let vocabulary = try #require(run.stderr.firstRange(of: /vocabulary (\d+)\)/).flatMap { Int(run.stderr[$0].dropFirst(11).dropLast()) })
        #expect(run.stderr.contains(", \(25 * vocabulary + 1872) parameters;"), "\(run.stderr)")
        #expect(run.stderr.contains("initial weights from ck/latest.safetensors"), "\(run.stderr)")
        let before = try w.loggedLosses("source.jsonl").last!.split(separator: " ")
        let after = try w.loggedLosses("init.jsonl").map { $0.split(separator: " ") }
        #expect(after.map { $0[0] } == ["1", "2"], "steps count from the start of the new run")
        #expect(after[0][2] == before[2], "validation loss at the checkpoint's weights")
        // A run's folder stands for its best.safetensors, as for sample and evaluate.
        let fromFolder = try w.run(["train", "--data", "text.txt", "--init-from", "ck", "--seq-length", "8", "--batch-size", "3",
                                    "--max-steps", "1", "--threads", "1", "--checkpoint-dir", "ck3"])
        #expect(fromFolder.status == 0 && fromFolder.stderr.contains("initial weights from ck/best.safetensors"), "\(fromFolder.stderr)")
        try FileManager.default.createDirectory(atPath: w.path("empty"), withIntermediateDirectories: false)
        let empty = try w.run(["train", "--data", "text.txt", "--init-from", "empty", "--max-steps", "1"])
        #expect(empty.status == 1 && empty.stderr == "char-rnn: error: --init-from empty is a folder with neither best.safetensors "
            + "nor latest.safetensors\n", "\(empty.stderr)")
    }

    /// Fine-tuning on another text made of some of the checkpoint's characters: the run keeps
    /// the checkpoint's vocabulary, so its checkpoints sample any of them.
    @Test func aCheckpointTrainsOnATextOfSomeOfItsCharacters() throws {
        let w = try Workspace()
        #expect(try w.trainTiny(steps: 5).status == 0)
        try w.write(String(repeating: "a lazy dog jumps over a box\n", count: 20), to: "dogs.txt")
        let run = try w.run(["train", "--data", "dogs.txt", "--init-from", "ck/latest.safetensors", "--seq-length", "8",
                             "--batch-size", "3", "--max-steps", "4", "--eval-every", "2", "--threads", "1", "--checkpoint-dir", "ck2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("vocabulary 30"), "the checkpoint's 30 characters, not the 16 of dogs.txt: \(run.stderr)")
        let sample = try w.run(["sample", "--checkpoint", "ck2/latest.safetensors", "--length", "10", "--prime", "quick fox"])
        #expect(sample.status == 0 && sample.stdout.hasPrefix("quick fox"), "\(sample.stderr)")
    }
}

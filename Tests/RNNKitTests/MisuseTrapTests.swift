import Foundation
import Testing
import RNNKit
import _TestSupport

/// Programmer errors that used to corrupt memory or give wrong results now stop with a message naming
/// the mistake. Each test runs its body in a child process and expects it to trap.
@Suite struct MisuseTrapTests {
    /// A [1, H] state for a batch of 8, as PyTorch users pass h0 without the batch, on the fused path
    /// (which read past the state's storage) and on the generic one (which broadcast it).
    @Test func initialStateOfTheWrongBatchTraps() async {
        for generic in [false, true] {
            let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [generic = generic as Bool] in
                var g = SeededGenerator(seed: 1)
                var lstm = LSTM<Float>(inputSize: 3, hiddenSize: 4, generator: &g)
                if generic { lstm.path = .generic }
                let tape = Tape<Float>()
                let state = [tape.constant(Tensor(zeros: [1, 4])), tape.constant(Tensor(zeros: [1, 4]))]
                _ = lstm(tape.constant(Tensor(zeros: [8, 5, 3])), initialState: [state])
            }
            #expect(trapMessage(result).contains("initial state [[1, 4], [1, 4]] for batch 8 and hidden size 4; each must be [B, H] = [8, 4]"))
        }
    }

    /// What the program printed before a trap is written out first, though standard output is held in a buffer, as
    /// for a file or a pipe (a training log redirected to a file ended empty); a target of -100, PyTorch's
    /// ignore_index, is told how RNNKit leaves a row out.
    @Test func outputBeforeATrapIsKeptAndIgnoreIndexIsExplained() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardOutputContent, \.standardErrorContent]) {
            bufferStandardOutput()
            print("epoch 1: loss 0.5")
            let tape = Tape<Float>()
            _ = Loss.crossEntropy(logits: tape.constant(Tensor(zeros: [2, 3])), targets: [1, -100])
        }
        #expect(String(decoding: result?.standardOutputContent ?? [], as: UTF8.self) == "epoch 1: loss 0.5\n")
        #expect(trapMessage(result).contains("target -100 at row 1 out of 0..<3 for logits [2, 3]; to leave a row out of the loss, as PyTorch's "
                                             + "ignore_index does, give it weight 0 (weights:) and any class as its target"))
    }

    /// Dropout on a training tape made without a random stream, as `Tape()` in a loop: one fixed stream would
    /// draw the same mask at every step, so it stops and says how to give each step's tape its own.
    @Test func dropoutOnATapeWithoutAStreamTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            let gru = GRU<Float>(inputSize: 3, hiddenSize: 4, layers: 2, dropout: 0.5, generator: &g)
            let tape = Tape<Float>()
            _ = gru(tape.constant(Tensor(zeros: [2, 5, 3])))
        }
        #expect(trapMessage(result).contains("Tape(generator: generator.split())"))
    }

    /// `TBPTT.run` called without a stream, as a loop over updates would call it each time: its tape has none,
    /// so a model with dropout stops there too (it used to start every update's tape from seed 0: the same masks).
    @Test func aTBPTTUpdateWithDropoutAndNoStreamTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let corpus = try! TextCorpus(text: String(repeating: "the cat sat on the mat. ", count: 4))
            var g = SeededGenerator(seed: 1)
            let rnn = LSTM<Float>(inputSize: 8, hiddenSize: 8, layers: 2, dropout: 0.5, generator: &g)
            let model = LanguageModel(vocabularySize: corpus.vocabulary.count, rnn: rnn, generator: &g)
            let task = TextStreamTask(model: model, streams: try! StreamBatches(corpus.ids, batchSize: 2, steps: 5))
            let policy = TBPTT(k1: 5)
            _ = policy.run(policy.updates(length: task.length)[0], task: task, carried: nil)
        }
        #expect(trapMessage(result).contains("Tape(generator: generator.split())"))
    }

    /// A cell of one's own whose `step` returns h without c: the generic path used to carry the one tensor on as the
    /// state (a one-step sequence returned it as the final state; a longer one crashed with no message at the
    /// next step's `state[1]`).
    @Test func aCellReturningTooFewStateTensorsTraps() async {
        for steps in [1, 3] {
            let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [steps = steps as Int] in
                var g = SeededGenerator(seed: 1)
                let stack = Recurrent(inputSize: 3, hiddenSize: 4) { LSTMWithoutC(LSTMCell(inputSize: $0, hiddenSize: 4, suffix: $1, generator: &g)) }
                let tape = Tape<Float>()
                _ = stack(tape.constant(Tensor(zeros: [2, steps, 3])))
            }
            #expect(trapMessage(result).contains(
                "LSTMWithoutC.step returned a state [[2, 4]] for batch 2; it must return stateCount = 2 tensors [B, stateSizes[k]] = [[2, 4], [2, 4]]"))
        }
    }

    /// A stack built with `makeCell` whose cells are not of the stack's `hiddenSize`, which was ignored.
    @Test func makeCellOfAnotherHiddenSizeTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            _ = Recurrent(inputSize: 3, hiddenSize: 8, layers: 2) { LSTMCell<Float>(inputSize: $0, hiddenSize: 4, suffix: $1, generator: &g) }
        }
        #expect(trapMessage(result).contains("makeCell made layer 0 a cell of hidden size 4 for a stack of hiddenSize 8"))
    }

    /// A cell of one's own that ignores the suffix makeCell is given: both layers' parameters were named
    /// `cell.weight_ih`, …, which only an optimizer or a safetensors file refused, blaming layer names.
    @Test func makeCellIgnoringTheSuffixTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            _ = Recurrent(inputSize: 3, hiddenSize: 4, layers: 2) { input, _ in LSTMCell<Float>(inputSize: input, hiddenSize: 4, generator: &g) }
        }
        #expect(trapMessage(result).contains("two parameters of the stack are named \"cell.weight_ih\"; each cell must name its parameters "
                                             + "with the suffix makeCell is given"))
    }

    /// A state whose width is not the hidden size.
    @Test func initialStateOfTheWrongWidthTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            let gru = GRU<Float>(inputSize: 3, hiddenSize: 4, generator: &g)
            let tape = Tape<Float>()
            _ = gru(tape.constant(Tensor(zeros: [2, 5, 3])), initialState: [[tape.constant(Tensor(zeros: [2, 3]))]])
        }
        #expect(trapMessage(result).contains("each must be [B, H] = [2, 4]"))
    }

    /// An LSTM given only h, as PyTorch's `nn.GRU` takes it (an `nn.LSTM` takes `(h0, c0)`): the message says
    /// which tensors a state holds.
    @Test func anLSTMStateWithoutCTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            let lstm = LSTM<Float>(inputSize: 3, hiddenSize: 4, generator: &g)
            let tape = Tape<Float>()
            _ = lstm(tape.constant(Tensor(zeros: [2, 5, 3])), initialState: [[tape.constant(Tensor(zeros: [2, 4]))]])
        }
        #expect(trapMessage(result).contains("an initial state of 1 tensors for a cell whose state has 2, h first ([h] for a GRU or Elman layer, [h, c] for an LSTM, each [B, H])"))
    }

    /// An LSTM with a projection given h of the hidden size, as for one without: h is [B, P], c [B, H].
    @Test func aProjectedLSTMStateOfTheHiddenSizeTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            let lstm = LSTM<Float>(inputSize: 3, hiddenSize: 4, projectionSize: 2, generator: &g)
            let tape = Tape<Float>()
            let state = [tape.constant(Tensor(zeros: [2, 4])), tape.constant(Tensor(zeros: [2, 4]))]
            _ = lstm(tape.constant(Tensor(zeros: [2, 5, 3])), initialState: [state])
        }
        #expect(trapMessage(result).contains("they must be [[2, 2], [2, 4]] (h [B, P] and c [B, H] for an LSTM with a projection)"))
    }

    /// A projection as wide as the hidden state, which PyTorch refuses too (`proj_size` must be smaller than `hidden_size`).
    @Test func aProjectionNotSmallerThanTheHiddenSizeTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            _ = LSTM<Float>(inputSize: 3, hiddenSize: 4, projectionSize: 4, generator: &g)
        }
        #expect(trapMessage(result).contains("projection size 4 must be in 1..<H = 1..<4, as PyTorch's proj_size"))
    }

    /// A forget-gate bias for an LSTM made without biases (PyTorch's `bias=False`) has nowhere to go.
    @Test func aForgetBiasWithoutBiasesTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            _ = LSTM<Float>(inputSize: 3, hiddenSize: 4, bias: false, forgetBias: 1, generator: &g)
        }
        #expect(trapMessage(result).contains("a forget-gate bias for a cell without biases (bias: false)"))
    }

    /// A learning rate set after the optimizer was built is checked as the initializer checks it: NaN turned every
    /// weight into NaN at the next step, a negative rate climbed the loss.
    @Test func aLearningRateSetLaterIsChecked() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let optimizer = AdamW(parameters: [Parameter<Float>(name: "w", value: Tensor(zeros: [2]))])
            optimizer.groups[0].learningRate = -0.1
        }
        #expect(trapMessage(result).contains("AdamW: the learning rate must be a finite number ≥ 0, got -0.1"))
    }

    /// Two layers built without a name both hold `weight` and `bias`: the optimizer names the clash and both ways out.
    @Test func twoUnnamedLayersTrapInAnOptimizer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            let first = Linear<Float>(inputSize: 2, outputSize: 2, generator: &g), second = Linear<Float>(inputSize: 2, outputSize: 2, generator: &g)
            _ = Adam(parameters: first.parameters + second.parameters)
        }
        #expect(trapMessage(result).contains("Adam: two parameters are named 'weight'; give each layer a name of its own"))
        #expect(trapMessage(result).contains("or list the layers in a Sequential, which names a layer without a name by its index (0.weight)"))
    }

    /// Two layers given the same name: a Sequential keeps given names, so the message does not offer it as a way out.
    @Test func twoLayersOfOneNameTrapWithoutOfferingASequential() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            let model = Sequential<Float>([Linear(inputSize: 2, outputSize: 2, name: "fc", generator: &g), Tanh(),
                                           Linear(inputSize: 2, outputSize: 2, name: "fc", generator: &g)])
            _ = SGD(parameters: model.parameters, learningRate: 0.1)
        }
        #expect(trapMessage(result).contains("SGD: two parameters are named 'fc.weight'; give each layer a name of its own"))
        #expect(!trapMessage(result).contains("Sequential"), "\(trapMessage(result))")
    }

    /// Two stacks made without a name both hold `rnn.weight_ih_l0`, …: the way out the message shows is a stack's own name.
    @Test func twoUnnamedStacksTrapWithAStacksName() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            let encoder = LSTM<Float>(inputSize: 2, hiddenSize: 4, generator: &g), decoder = LSTM<Float>(inputSize: 2, hiddenSize: 4, generator: &g)
            _ = Adam(parameters: encoder.parameters + decoder.parameters)
        }
        #expect(trapMessage(result).contains("Adam: two parameters are named 'rnn.weight_ih_l0'; give each layer a name of its own"))
        #expect(trapMessage(result).contains("LSTM(…, name: \"encoder\") encoder.weight_ih_l0"))
        #expect(!trapMessage(result).contains("Sequential"), "\(trapMessage(result))")
    }

    /// A parameter keeps its shape: a value or gradient of another shape is refused where it is set, naming the
    /// parameter and both shapes (a Linear's weight replaced by its transpose used to be caught only at the next call).
    @Test func aParameterKeepsItsShape() async {
        let value = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            let head = Linear<Float>(inputSize: 3, outputSize: 2, name: "head", generator: &g)
            head.weight.value = head.weight.value.transposed()
        }
        #expect(trapMessage(value).contains("Parameter head.weight: a value of shape [3, 2] for a parameter of shape [2, 3]; a parameter keeps its shape"))
        let gradient = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let p = Parameter<Float>(name: "w", value: Tensor(zeros: [4]))
            p.grad = Tensor(zeros: [2, 2])
        }
        #expect(trapMessage(gradient).contains("Parameter w: a gradient of shape [2, 2] for a parameter of shape [4]"))
    }

    /// Generating from a bidirectional model is refused: its reverse direction saw only the token just fed.
    @Test func generatingFromABidirectionalModelTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            let model = LanguageModel(vocabularySize: 5, rnn: LSTM<Float>(inputSize: 4, hiddenSize: 3, bidirectional: true, generator: &g), generator: &g)
            _ = TextGeneration(model: model)
        }
        #expect(trapMessage(result).contains("TextGeneration: the model's stack is bidirectional"))
    }

    /// A negative layer size is named by the layer (it stopped inside the standard library: "Range requires lowerBound <= upperBound").
    @Test func negativeLayerSizesTrapNamingTheLayer() async {
        let linear = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            _ = Linear<Float>(inputSize: 3, outputSize: -1, generator: &g)
        }
        #expect(trapMessage(linear).contains("Linear: inputSize 3 and outputSize -1 must be ≥ 1"))
        let embedding = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            _ = Embedding<Float>(vocabularySize: -1, embeddingSize: 2, generator: &g)
        }
        #expect(trapMessage(embedding).contains("Embedding: vocabularySize -1 and embeddingSize 2 must be ≥ 1"))
    }

    /// A token id outside the vocabulary is named as such by the model and by Embedding (it was "gatheringRows: index 9 out of 0..<4").
    @Test func aTokenOutsideTheVocabularyTraps() async {
        let model = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            let lm = LanguageModel(vocabularySize: 4, rnn: LSTM<Float>(inputSize: 3, hiddenSize: 2, generator: &g), generator: &g)
            _ = lm([1, 9], batch: 1, steps: 2, state: nil, tape: Tape(recording: false))
        }
        #expect(trapMessage(model).contains("Recurrent: token id 9 outside 0..<4, the embedding table's rows (the vocabulary size V)"))
        let embedding = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            _ = Embedding<Float>(vocabularySize: 4, embeddingSize: 2, generator: &g)([-1], tape: Tape(recording: false))
        }
        #expect(trapMessage(embedding).contains("Embedding: token id -1 outside 0..<4 (the vocabulary size V)"))
        // Vectors of no elements copy nothing, and the ids are checked all the same.
        let empty = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Embedding<Float>(table: Tensor(zeros: [4, 0]))([9], tape: Tape(recording: false))
        }
        #expect(trapMessage(empty).contains("Embedding: token id 9 outside 0..<4 (the vocabulary size V)"))
    }

    /// Token ids that do not fill [B, T]: too few used to corrupt the heap in backward, too many were cut silently.
    @Test(arguments: [2, 7])
    func tokenIDsThatDoNotFillTheBatchTrap(count: Int) async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [count = count as Int] in
            var g = SeededGenerator(seed: 1)
            let lstm = LSTM<Float>(inputSize: 4, hiddenSize: 3, generator: &g)
            let tape = Tape<Float>()
            let table = tape.variable(Tensor<Float>(zeros: [5, 4]))
            _ = lstm(.tokens(ids: Array(repeating: 1, count: count), batch: 2, steps: 3, table: table))
        }
        #expect(trapMessage(result).contains("Recurrent: \(count) token ids for [B, T] = [2, 3]; expected B·T of them"))
    }

    /// An input of another shape than the stepper's [B, I]: it read past the weights, or gave a wrong state.
    /// A vector [I] is refused too, at batch size 1: the input of a step is [B, I] for every B.
    @Test(arguments: [[1, 2], [1, 5], [2, 3], [3]])
    func stepperInputOfTheWrongShapeTraps(shape: [Int]) async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [shape = shape as [Int]] in
            var g = SeededGenerator(seed: 1)
            var stepper = RecurrentStepper(LSTM<Float>(inputSize: 3, hiddenSize: 4, generator: &g))!
            stepper.step(input: Tensor(zeros: shape))
        }
        #expect(trapMessage(result).contains("RecurrentStepper: input \(shape) for batch size 1 and input size 3; expected [B, I] = [1, 3]"))
    }

    /// Token ids that are not one per row of the stepper's batch.
    @Test func stepperTokensOfAnotherBatchTrap() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var g = SeededGenerator(seed: 1)
            var stepper = RecurrentStepper(GRU<Float>(inputSize: 3, hiddenSize: 4, generator: &g), embedding: Tensor(zeros: [5, 3]), batchSize: 2)!
            stepper.step(tokens: [1, 2, 3])
        }
        #expect(trapMessage(result).contains("RecurrentStepper: 3 token ids for batch size 2"))
    }

    /// A state for another batch size, or without an LSTM's c, is refused where it is set.
    @Test(arguments: [[[1, 4], [1, 4]], [[2, 4]]])
    func stepperStateOfAnotherShapeTraps(shapes: [[Int]]) async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [shapes = shapes as [[Int]]] in
            var g = SeededGenerator(seed: 1)
            var stepper = RecurrentStepper(LSTM<Float>(inputSize: 3, hiddenSize: 4, generator: &g), batchSize: 2)!
            stepper.state = [shapes.map { Tensor(zeros: $0) }]
        }
        #expect(trapMessage(result).contains("RecurrentStepper: state \(shapes) for layer 0; expected [h, c], each [B, H] = [2, 4]"))
    }

    /// Operands of equal size but other shapes (time-first against batch-first) used to combine in flat order.
    @Test func arithmeticOnOtherShapesTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = Tape<Float>()
            _ = tape.constant(Tensor(zeros: [2, 3, 4])) * tape.constant(Tensor(zeros: [3, 2, 4]))
        }
        #expect(trapMessage(result).contains("*: shapes [2, 3, 4] and [3, 2, 4] neither match nor broadcast as a row"))
    }

    /// A clip of 0 stops when the trainer is made, not at its first update.
    @Test func aTrainerWithAZeroClipTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let optimizer = SGD(parameters: [Parameter<Float>(name: "w", value: Tensor(zeros: [1]))], learningRate: 0.1)
            _ = Trainer(policy: TBPTT(k1: 2), optimizer: optimizer, clipNorm: 0)
        }
        #expect(trapMessage(result).contains("Trainer: clipNorm 0.0 must be > 0 (nil for no clipping)"))
    }

    /// A schedule that gives a negative rate (gamma −1) stops as it sets it; SGD climbed the loss silently.
    @Test func aScheduleGivingANegativeRateTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let optimizer = SGD(parameters: [Parameter<Float>(name: "w", value: Tensor(zeros: [1]))], learningRate: 0.1)
            var schedule = ExponentialDecay(for: optimizer, gamma: -1)
            schedule.apply(to: optimizer)
            schedule.apply(to: optimizer)
        }
        #expect(trapMessage(result).contains("ExponentialDecay: learning rate -0.1 at step 1; it must be a finite number ≥ 0"))
    }

    /// A task whose forward returns its outputs flattened to [B·steps, F] (PyTorch's `out.reshape(-1, H)` before the
    /// head), or one row per sample: the update stops naming the forward call and the shape it must return, where it
    /// used to trap in a slice of the outputs, or score the wrong rows, far from the mistake.
    @Test func aTaskReturningOutputsWithoutATimeAxisTraps() async {
        for flattened in [true, false] {
            let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [flattened = flattened as Bool] in
                struct FlatTask: SequenceTask {
                    let flattened: Bool
                    var length: Int { 12 }
                    func forward(steps: Range<Int>, state: [[Variable<Float>]]?, tape: Tape<Float>)
                        -> (output: Variable<Float>, state: [[Variable<Float>]]) {
                        let shape = flattened ? [2 * steps.count, 1] : [2, 1]
                        return (tape.constant(Tensor(zeros: shape)), state ?? [[tape.constant(Tensor(zeros: [2, 1]))]])
                    }
                    func loss(_ output: Variable<Float>, steps: Range<Int>) -> Variable<Float> { output.mean() }
                }
                let policy = TBPTT(k1: 4, k2: 6)
                _ = policy.record(policy.updates(length: 12)[1], task: FlatTask(flattened: flattened), carried: nil, tape: Tape())
            }
            #expect(trapMessage(result).contains("TBPTT: the task's forward(steps: 2..<6) returned output ["
                                                  + (flattened ? "8, 1" : "2, 1") + "]; it must be [B, 4, F], one output per step"))
        }
    }
}

/// An LSTM cell on the generic path whose `step` forgets c: it returns `[h]` for a state of two tensors.
private struct LSTMWithoutC: RecurrentCell {
    let cell: LSTMCell<Float>
    init(_ cell: LSTMCell<Float>) { self.cell = cell }
    var inputSize: Int { cell.inputSize }
    var hiddenSize: Int { cell.hiddenSize }
    var stateCount: Int { 2 }
    var parameters: [Parameter<Float>] { cell.parameters }
    func step(_ input: Variable<Float>, state: [Variable<Float>]) -> [Variable<Float>] { [cell.step(input, state: state)[0]] }
}

import RNNCore
import SequenceData

/// Character-model training on B parallel text streams (char-rnn's layout,
/// see ``StreamBatches``), as a ``SequenceTask`` for ``Trainer``.
///
/// Step p of the sequence is position p of every stream: the input is the
/// token there and the target the next one. The sequence length is the part
/// of each stream that whole batches of ``StreamBatches/steps`` cover.
public struct TextStreamTask<Cell: RecurrentCell>: SequenceTask {
    /// The model's element type.
    public typealias Scalar = Cell.Scalar

    /// The language model run over each window.
    public let model: LanguageModel<Cell>
    /// The text cut into B streams, with T (``StreamBatches/steps``) the length that whole batches come in.
    public let streams: StreamBatches

    /// The task of training `model` on `streams`.
    public init(model: LanguageModel<Cell>, streams: StreamBatches) {
        self.model = model
        self.streams = streams
    }

    /// The positions of each stream that whole batches cover: ⌊n / T⌋·T for streams of n positions.
    public var length: Int { streams.batchesPerEpoch * streams.steps }

    /// Input ids [B·T] (sample-major) and target ids [B·T] of positions `steps` (``StreamBatches/positions(_:)``).
    public func tokens(_ steps: Range<Int>) -> (inputs: [Int], targets: [Int]) {
        let batch = streams.positions(steps)
        return (batch.inputs, batch.targets)
    }

    /// Logits [B, steps.count, V] for positions `steps`.
    public func forward(steps: Range<Int>, state: [[Variable<Scalar>]]?, tape: Tape<Scalar>)
        -> (output: Variable<Scalar>, state: [[Variable<Scalar>]]) {
        let (inputs, _) = tokens(steps)
        let (logits, final) = model(inputs, batch: streams.batchSize, steps: steps.count, state: state, tape: tape)
        return (logits, final)
    }

    /// Mean cross-entropy (nats per token) of `output` [B, steps.count, V] against the next tokens.
    public func loss(_ output: Variable<Scalar>, steps: Range<Int>) -> Variable<Scalar> {
        Loss.crossEntropy(logits: output, targets: tokens(steps).targets)
    }
}

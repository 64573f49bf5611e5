/// One evaluation of a training run, as logged (JSON keys in snake case).
public struct EvaluationRecord: Codable, Equatable, Sendable {
    /// Updates so far.
    public var step: Int
    /// Epochs completed, with the fraction of the current one.
    public var epoch: Double
    /// Seconds of training so far, evaluations excluded.
    public var t: Double
    /// Training tokens (B·k1 per update) so far.
    public var tokens: Int
    /// Mean training loss (nats per character) of the updates since the previous evaluation.
    public var trainLoss: Double?
    /// Mean validation cross-entropy, nats per character.
    public var valLoss: Double
    /// The same in bits per character.
    public var valBPC: Double

    enum CodingKeys: String, CodingKey {
        case step, epoch, t, tokens
        case trainLoss = "train_loss", valLoss = "val_loss", valBPC = "val_bpc"
    }

    /// The record of one evaluation; ``valBPC`` is `valLoss` / ln 2.
    public init(step: Int, epoch: Double, t: Double, tokens: Int, trainLoss: Double?, valLoss: Double) {
        self.step = step
        self.epoch = epoch
        self.t = t
        self.tokens = tokens
        self.trainLoss = trainLoss
        self.valLoss = valLoss
        self.valBPC = valLoss / Double.log(2)
    }
}

/// How a language model is trained: everything a resumed run must keep the same.
public struct TrainingSettings: Codable, Equatable, Sendable {
    /// k1: steps between updates (the chunk of each stream per batch), T.
    public var sequenceLength: Int
    /// k2 ≥ k1: steps each update backpropagates through.
    public var bpttWindow: Int
    /// B, the number of parallel streams.
    public var batchSize: Int
    /// The optimizer, its base learning rate, weight decay and momentum.
    public var optimizer: OptimizerSettings
    /// How the learning rate changes from the base rate over the run.
    public var schedule: ScheduleSettings
    /// Clip the global gradient norm at this value, or nil.
    public var clipNorm: Double?
    /// Clamp each gradient element to ±this value, or nil.
    public var clipValue: Double?
    /// Seeds the weights, dropout masks and everything random.
    public var seed: UInt64
    /// The last fraction of the text held out for validation (contiguous).
    public var validationFraction: Double

    /// Unchecked settings (see ``validate()``), with char-rnn's defaults; `bpttWindow` nil takes `sequenceLength` (k2 = k1).
    public init(sequenceLength: Int = 100, bpttWindow: Int? = nil, batchSize: Int = 32,
                optimizer: OptimizerSettings = OptimizerSettings(), schedule: ScheduleSettings = ScheduleSettings(),
                clipNorm: Double? = 5, clipValue: Double? = nil, seed: UInt64 = 0, validationFraction: Double = 0.1) {
        self.sequenceLength = sequenceLength
        self.bpttWindow = bpttWindow ?? sequenceLength
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.schedule = schedule
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.seed = seed
        self.validationFraction = validationFraction
    }

    /// Checks every value.
    /// - Throws: ``ConfigurationError`` naming the setting by its property (`TrainingSettings.batchSize`)
    ///   and what was expected.
    public func validate() throws(ConfigurationError) {
        do {
            _ = try TBPTT.validated(k1: sequenceLength, k2: bpttWindow)
        } catch {
            let flags: ConfigurationError.Message = if case .nonPositiveK1 = error { "k1 is \(setting: "TrainingSettings.sequenceLength")" } else { "k1 is \(setting: "TrainingSettings.sequenceLength"), k2 \(setting: "TrainingSettings.bpttWindow")" }
            throw ConfigurationError("\(error) (\(flags))")
        }
        try ConfigurationError.requirePositive(batchSize, "batch size (\(setting: "TrainingSettings.batchSize"))")
        try optimizer.validate()
        try schedule.validate()
        if let clipNorm { try ConfigurationError.requireTrainingNumber(clipNorm, "gradient-norm clip (\(setting: "TrainingSettings.clipNorm"))", positive: true) }
        if let clipValue { try ConfigurationError.requireTrainingNumber(clipValue, "gradient-value clip (\(setting: "TrainingSettings.clipValue"))", positive: true) }
        guard validationFraction > 0 && validationFraction < 1 else {
            throw ConfigurationError("the validation fraction (\(setting: "TrainingSettings.validationFraction")) must be in (0, 1), got \(validationFraction)")
        }
    }
}

import ArgumentParser
import RNNKit

/// The flag that sets each library setting a ``ConfigurationError`` names, so that char-rnn's
/// errors speak of `--hidden` where the library speaks of `LanguageModelConfig.hiddenSize`.
enum SettingFlags {
    static let flags: [String: String] = [
        "LanguageModelConfig.hiddenSize": "--hidden", "LanguageModelConfig.embeddingSize": "--embedding",
        "LanguageModelConfig.layers": "--layers", "LanguageModelConfig.dropout": "--dropout",
        "LanguageModelConfig.projectionSize": "--projection",
        "StopConditions.maxSteps": "--max-steps", "StopConditions.maxEpochs": "--max-epochs",
        "StopConditions.timeBudget": "--time-budget", "StopConditions.patience": "--patience",
        "StopConditions.evaluateEvery": "--eval-every",
        "TokenSampler.temperature": "--temperature", "TokenSampler.argmax": "--argmax",
        "TokenSampler.topK": "--top-k", "TokenSampler.topP": "--top-p",
        "TrainingSettings.sequenceLength": "--seq-length", "TrainingSettings.bpttWindow": "--bptt-window",
        "TrainingSettings.batchSize": "--batch-size", "TrainingSettings.clipNorm": "--clip-norm",
        "TrainingSettings.clipValue": "--clip-value", "TrainingSettings.validationFraction": "--validation",
        "OptimizerSettings.learningRate": "--lr", "OptimizerSettings.weightDecay": "--weight-decay",
        "ScheduleSettings.kind": "--schedule", "ScheduleSettings.totalSteps": "--max-steps",
        "ScheduleSettings.warmup": "--warmup", "ScheduleSettings.every": "--decay-every", "ScheduleSettings.gamma": "--gamma",
        "ScheduleSettings.milestones": "--milestones", "ScheduleSettings.startFactor": "--start-factor",
        "ScheduleSettings.endFactor": "--end-factor", "ScheduleSettings.linearSteps": "--linear-steps",
    ]

    /// The error's message, each setting written as its flag (one without a flag keeps its property's name).
    static func message(_ error: ConfigurationError) -> String { error.message { flags[$0] ?? $0 } }

    /// Runs the library's checks of values the flags set; what they refuse becomes a usage error that names the flags
    /// (a `ValidationError`, which exits 64 from a command's `validate()` and from `run()` alike).
    static func check<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ConfigurationError { throw ValidationError(message(error)) }
    }
}

import RNNKit
import Testing

/// Every Double setting that training turns into a Float (the optimizer's rate, decay and momentum, the clipping limits of
/// a language model's run and of a forecaster) is checked by one check, in one wording: a value finite as a Double but
/// infinite as a Float (which would train as no clipping at all, or diverge) is refused, naming the setting.
@Suite struct FloatRangeSettingsTests {
    static let beyondFloat = "must be at most 3.4028235e+38, the largest Float (the type training works in)"
    /// A limit that must be positive, positive as a Double but 0 as a Float (a clip of 0: every gradient zeroed).
    static let belowFloat = "must be at least 1e-45, the smallest positive Float (the type training works in, which would hold it as 0)"

    @Test(arguments: [(TrainingSettings(clipNorm: 1e300), "the gradient-norm clip (TrainingSettings.clipNorm) \(beyondFloat), got 1e+300"),
                      (TrainingSettings(clipValue: 1e39), "the gradient-value clip (TrainingSettings.clipValue) \(beyondFloat), got 1e+39"),
                      (TrainingSettings(clipValue: 0), "the gradient-value clip (TrainingSettings.clipValue) must be a finite number > 0, got 0.0"),
                      (TrainingSettings(clipValue: 1e-50), "the gradient-value clip (TrainingSettings.clipValue) \(belowFloat), got 1e-50"),
                      (TrainingSettings(clipNorm: 5e-46), "the gradient-norm clip (TrainingSettings.clipNorm) \(belowFloat), got 5e-46")])
    func aLanguageModelRunsClipBeyondFloatIsRefused(settings: TrainingSettings, message: String) {
        #expect(#expect(throws: ConfigurationError.self) { try settings.validate() }?.message == message)
    }

    @Test func aForecastersClipBeyondFloatIsRefused() throws {
        var config = ForecastConfig()
        config.clipNorm = 1e300
        let error = #expect(throws: ForecastError.self) { try config.validate() }
        guard case .configuration(let refusal)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(refusal.message == "the gradient-norm clip (ForecastConfig.clipNorm) \(Self.beyondFloat), got 1e+300")
        config.clipNorm = Double(Float.greatestFiniteMagnitude)  // the largest that fits is taken
        try config.validate()
        config.clipNorm = 1e-50
        let tiny = #expect(throws: ForecastError.self) { try config.validate() }
        guard case .configuration(let below)? = tiny else { Issue.record("\(String(describing: tiny))"); return }
        #expect(below.message == "the gradient-norm clip (ForecastConfig.clipNorm) \(Self.belowFloat), got 1e-50")
        config.clipNorm = Double(Float.leastNonzeroMagnitude)  // the smallest that stays positive is taken
        try config.validate()
    }

    /// Infinity and NaN are refused as not finite, not as beyond the largest Float, whatever the setting.
    @Test func infinityAndNaNAreRefusedAsNotFinite() {
        for value in [Double.infinity, .nan] {
            let error = #expect(throws: ConfigurationError.self) { try OptimizerSettings(kind: .adam, learningRate: value).validate() }
            #expect(error?.message == "the learning rate (OptimizerSettings.learningRate) must be a finite number ≥ 0, got \(value)")
            let clip = #expect(throws: ConfigurationError.self) { try TrainingSettings(clipValue: value).validate() }
            #expect(clip?.message == "the gradient-value clip (TrainingSettings.clipValue) must be a finite number > 0, got \(value)")
        }
    }

    /// A rate or decay of 0 is allowed (no update, no decay), so one that a Float holds as 0 is taken too.
    @Test func aRateThatAFloatHoldsAsZeroIsTaken() throws {
        try OptimizerSettings(kind: .adam, learningRate: 1e-50, weightDecay: 1e-50).validate()
    }
}

import Testing
import RNNKit

/// The one description of an optimizer that char-rnn records and forecast trains with.
@Suite struct OptimizerSettingsTests {
    /// Forecast's SGD keeps its momentum of 0.9; its other optimizers take PyTorch's defaults.
    @Test func forecastSGDHasMomentum() throws {
        var config = ForecastConfig()
        config.optimizer = .sgd
        let sgd = try #require(config.optimizerSettings.make([Parameter(name: "w", value: Tensor(zeros: [2]))]) as? SGD<Float>)
        #expect(sgd.momentum == 0.9)
        config.optimizer = .rmsprop
        let rmsprop = try #require(config.optimizerSettings.make([Parameter(name: "w", value: Tensor(zeros: [2]))]) as? RMSprop<Float>)
        #expect(rmsprop.momentum == 0)
    }

    /// A momentum for an optimizer that has none, or a negative one, is refused.
    @Test(arguments: [(OptimizerSettings.Kind.adam, 0.9, "adam has no momentum (OptimizerSettings.momentum); SGD and RMSprop do"),
                      (.sgd, -0.5, "the momentum (OptimizerSettings.momentum) must be a finite number ≥ 0, got -0.5")])
    func invalidMomentum(kind: OptimizerSettings.Kind, momentum: Double, message: String) {
        let error = #expect(throws: ConfigurationError.self) { try OptimizerSettings(kind: kind, momentum: momentum).validate() }
        #expect(error?.message == message)
    }

    /// Each setting is checked as the Float the optimizer works in: a value finite as a Double but beyond Float's range
    /// (which would train as infinity and diverge) is refused, naming the setting.
    @Test(arguments: [OptimizerSettings(learningRate: 1e300), OptimizerSettings(weightDecay: 1e39), OptimizerSettings(kind: .sgd, momentum: 4e38)])
    func aValueBeyondFloatIsRefused(settings: OptimizerSettings) {
        let error = #expect(throws: ConfigurationError.self) { try settings.validate() }
        let named = ["OptimizerSettings.learningRate", "OptimizerSettings.weightDecay", "OptimizerSettings.momentum"].filter { error?.message.contains($0) == true }
        #expect(named.count == 1 && error?.message.contains("the largest Float") == true, "\(String(describing: error))")
    }
}

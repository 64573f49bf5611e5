import Testing
@testable import RNNCore

/// `schedules.json`: PyTorch's learning rates step by step.
struct ScheduleFixture: Decodable {
    struct Step: Decodable { var lr: Double; var stepSize: Int; var gamma: Double; var sequence: [Double] }
    struct Exponential: Decodable { var lr: Double; var gamma: Double; var sequence: [Double] }
    struct WarmupCosine: Decodable { var lr: Double; var warmup: Int; var total: Int; var minLR: Double; var sequence: [Double] }
    struct Cosine: Decodable { var lr: Double; var total: Int; var minLR: Double; var sequence: [Double] }
    struct Plateau: Decodable {
        struct Options: Decodable {
            var mode: String; var factor: Double; var patience: Int; var threshold: Double
            var thresholdMode: String; var cooldown: Int; var minLr: Double; var eps: Double
        }
        struct Observation: Decodable { var lr: Double; var best: Double; var badEpochs: Int; var cooldown: Int }
        var lr: Double; var options: Options; var metrics: [Double]; var sequence: [Observation]
    }
    struct MultiStep: Decodable { var lr: Double; var milestones: [Int]; var gamma: Double; var sequence: [Double] }
    struct Linear: Decodable {
        struct Options: Decodable { var startFactor: Double; var endFactor: Double; var totalIters: Int }
        var lr: Double; var options: Options; var sequence: [Double]
    }
    /// OneCycleLR with `max_lr` `maxLR` (the optimizer's `lr` is not used) and `cycle_momentum=False`, for `totalSteps` steps.
    struct OneCycle: Decodable {
        struct Options: Decodable {
            var totalSteps: Int; var pctStart: Double; var annealStrategy: String; var divFactor: Double
            var finalDivFactor: Double; var threePhase: Bool
        }
        var lr: Double; var maxLR: Double; var options: Options; var sequence: [Double]
    }
    var step: Step
    var exponential: Exponential
    var warmupCosine: WarmupCosine
    var cosine: Cosine
    var multiStep: MultiStep
    /// A warmup (PyTorch's defaults) and a decay to 0.
    var linear: [Linear]
    /// The defaults, a linear anneal whose phases end between steps, and two of three phases.
    var oneCycle: [OneCycle]
    var plateau: [Plateau]
    /// The same schedules on an optimizer of two groups at rates `lrs`: every group's rate at each step.
    struct TwoGroups: Decodable {
        struct Observation: Decodable { var lrs: [Double]; var best: Double; var badEpochs: Int; var cooldown: Int }
        var lrs: [Double]
        var step, exponential, warmupCosine, cosine, multiStep: [[Double]]
        /// `plateau[2]`'s options and metrics.
        var plateau: [Observation]
        /// Each of the `linear` cases.
        var linear: [[[Double]]]
        /// Each of the `oneCycle` cases with `max_lr` the list `lrs`: every group peaks at its own rate.
        var oneCycle: [[[Double]]]
        /// `oneCycle[0]` with one `max_lr`, its `maxLR`, for both groups.
        var oneCycleOneMax: [[Double]]
        /// `plateau[2]` with one `min_lr` per group.
        struct PlateauMinLrs: Decodable { var minLrs: [Double]; var sequence: [Observation] }
        var plateauMinLrs: PlateauMinLrs
    }
    var twoGroups: TwoGroups
}

extension ScheduleFixture.Linear {
    func makeSchedule<O: Optimizer>(for optimizer: O) -> LinearRate {
        LinearRate(for: optimizer, startFactor: options.startFactor, endFactor: options.endFactor, totalSteps: options.totalIters)
    }
}

extension ScheduleFixture.OneCycle {
    /// The case's schedule of `optimizer`, at peak `maxRate` (nil: each group's rate in `optimizer`).
    func makeSchedule<O: Optimizer>(for optimizer: O, maxRate: Double?) -> RNNCore.OneCycle {
        let o = options
        return RNNCore.OneCycle(for: optimizer, maxRate: maxRate, totalSteps: o.totalSteps, pctStart: o.pctStart,
                                annealing: o.annealStrategy == "cos" ? .cosine : .linear, divFactor: o.divFactor,
                                finalDivFactor: o.finalDivFactor, threePhase: o.threePhase, cycleMomentum: false)
    }
}

extension ScheduleFixture.Plateau {
    func makeSchedule() -> ReduceOnPlateau {
        let o = options
        return ReduceOnPlateau(mode: o.mode == "min" ? .min : .max, factor: o.factor, patience: o.patience,
                               threshold: o.threshold, thresholdMode: o.thresholdMode == "rel" ? .relative : .absolute,
                               cooldown: o.cooldown, minimumRate: o.minLr, epsilon: o.eps)
    }
}

@Suite struct ScheduleTests {
    let fixture: ScheduleFixture

    init() throws {
        fixture = try loadFixture("schedules", as: ScheduleFixture.self)
    }

    /// Makes a schedule for an optimizer at rate `lr`, applies it before each of `expected.count` optimizer steps
    /// and compares the rates.
    func expectSequence<S: LearningRateSchedule>(_ lr: Double, _ make: (SGD<Float>) -> S, _ expected: [Double], _ label: String) {
        let optimizer = SGD<Float>(parameters: [], learningRate: lr)
        var schedule = make(optimizer)
        var rates: [Double] = []
        for _ in expected {
            schedule.apply(to: optimizer)
            rates.append(optimizer.groups[0].learningRate)
            optimizer.step()
        }
        #expect(!expected.isEmpty)
        for (k, (a, e)) in zip(rates, expected).enumerated() {
            #expect(relativeError(a, e) < 1e-12 && abs(a - e) <= 1e-12 * abs(e), "\(label) step \(k): \(a) vs \(e)")
        }
    }

    @Test func stepDecayMatchesStepLR() {
        let f = fixture.step
        expectSequence(f.lr, { StepDecay(for: $0, stepSize: f.stepSize, gamma: f.gamma) }, f.sequence, "StepDecay")
    }

    @Test func exponentialDecayMatchesExponentialLR() {
        let f = fixture.exponential
        expectSequence(f.lr, { ExponentialDecay(for: $0, gamma: f.gamma) }, f.sequence, "ExponentialDecay")
    }

    @Test func warmupCosineMatchesLinearThenCosineAnnealing() {
        let f = fixture.warmupCosine
        expectSequence(f.lr, { WarmupCosine(for: $0, warmupSteps: f.warmup, totalSteps: f.total, minimum: f.minLR) },
                       f.sequence, "WarmupCosine")
        // Clamped at the minimum after the last step.
        let s = WarmupCosine(for: SGD<Float>(parameters: [], learningRate: f.lr), warmupSteps: f.warmup, totalSteps: f.total,
                             minimum: f.minLR)
        #expect(s.learningRates(atStep: f.total + 5) == [f.minLR])
    }

    @Test func cosineWithoutWarmupMatchesCosineAnnealingLR() {
        let f = fixture.cosine
        expectSequence(f.lr, { WarmupCosine(for: $0, warmupSteps: 0, totalSteps: f.total, minimum: f.minLR) }, f.sequence, "Cosine")
    }

    @Test func multiStepDecayMatchesMultiStepLR() {
        let f = fixture.multiStep
        expectSequence(f.lr, { MultiStepDecay(for: $0, milestones: f.milestones, gamma: f.gamma) }, f.sequence, "MultiStepDecay")
        // Milestones are a set with repeats, in any order, as PyTorch's Counter.
        expectSequence(f.lr, { MultiStepDecay(for: $0, milestones: f.milestones.reversed(), gamma: f.gamma) }, f.sequence,
                       "MultiStepDecay, milestones reversed")
        #expect(MultiStepDecay(for: SGD<Float>(parameters: [], learningRate: 0.1), milestones: [5]).learningRates(atStep: 5) == [0.1 * 0.1])
    }

    @Test func linearRateMatchesLinearLR() {
        #expect(fixture.linear.count == 2)
        for (n, f) in fixture.linear.enumerated() {
            expectSequence(f.lr, { f.makeSchedule(for: $0) }, f.sequence, "LinearRate case \(n)")
        }
        // The first case is PyTorch's defaults, a warmup from a third of the rate.
        let o = fixture.linear[0].options
        let defaults = LinearRate(for: SGD<Float>(parameters: [], learningRate: 0.1))
        #expect(defaults.startFactor == o.startFactor && defaults.endFactor == o.endFactor && defaults.totalSteps == o.totalIters)
    }

    /// OneCycle sets the rates from its peak, not from the optimizer's rate (0.1 in the fixture, the peak 0.4).
    @Test func oneCycleMatchesOneCycleLR() {
        #expect(fixture.oneCycle.count == 4)
        for (n, f) in fixture.oneCycle.enumerated() {
            #expect(f.sequence.count == f.options.totalSteps && f.lr != f.maxLR)
            expectSequence(f.lr, { f.makeSchedule(for: $0, maxRate: f.maxLR) }, f.sequence, "OneCycle case \(n)")
            // Past the cycle the rate stays at its last, the minimum.
            let s = f.makeSchedule(for: SGD<Float>(parameters: [], learningRate: f.lr), maxRate: f.maxLR)
            #expect(s.learningRates(atStep: f.options.totalSteps + 3) == s.learningRates(atStep: f.options.totalSteps - 1))
        }
        // The first case is PyTorch's defaults.
        let o = fixture.oneCycle[0].options
        let defaults = OneCycle(for: SGD<Float>(parameters: [], learningRate: 0.1), totalSteps: o.totalSteps)
        #expect(defaults.pctStart == o.pctStart && defaults.annealing.rawValue == o.annealStrategy && defaults.divFactor == o.divFactor
                && defaults.finalDivFactor == o.finalDivFactor && defaults.threePhase == o.threePhase)
    }

    @Test func constantRateNeverChanges() {
        expectSequence(0.03, { ConstantRate(for: $0) }, Array(repeating: 0.03, count: 5), "ConstantRate")
    }

    /// The rate is given once, to the optimizer, as PyTorch's schedulers read `lr` from theirs: each schedule's
    /// base is the rate of the optimizer it was made for.
    @Test func aScheduleStartsFromItsOptimizersRate() {
        let optimizer = Adam<Float>(parameters: [], learningRate: 0.02)
        let schedules: [any StepwiseSchedule] = [
            ConstantRate(for: optimizer), StepDecay(for: optimizer, stepSize: 2), ExponentialDecay(for: optimizer, gamma: 0.5),
            WarmupCosine(for: optimizer, warmupSteps: 0, totalSteps: 10), MultiStepDecay(for: optimizer, milestones: [3]),
            LinearRate(for: optimizer, startFactor: 1, endFactor: 0.5),
        ]
        #expect(schedules.map(\.baseRates) == Array(repeating: [0.02], count: 6))
        #expect(schedules.map { $0.learningRates(atStep: 0) } == Array(repeating: [0.02], count: 6))
        #expect(WarmupCosine(for: optimizer, warmupSteps: 4, totalSteps: 10).learningRates(atStep: 3) == [0.02])
        #expect(LinearRate(for: optimizer, startFactor: 0.5, totalSteps: 4).learningRates(atStep: 4) == [0.02])
        // OneCycle peaks at the optimizer's rate unless given another peak, and starts 25 times below it.
        #expect(OneCycle(for: optimizer, totalSteps: 10).baseRates == [0.02])
        #expect(OneCycle(for: optimizer, maxRate: 0.5, totalSteps: 10).baseRates == [0.5])
        #expect(abs(OneCycle(for: optimizer, totalSteps: 10).learningRates(atStep: 0)[0] - 0.02 / 25) <= 1e-17)
    }

    /// A schedule made after the optimizer's state was restored would scale the restored (later) rate: its saved
    /// base rate tells, and the restore throws. A state saved before the base rate was kept restores the step.
    @Test func restoringAStateOfAnotherBaseRateThrows() throws {
        let optimizer = SGD<Float>(parameters: [], learningRate: 0.1)
        var first = StepDecay(for: optimizer, stepSize: 1, gamma: 0.5)
        for _ in 0..<3 { first.apply(to: optimizer) }
        #expect(first.exportState() == ["scheduler.step": 3, "scheduler.base_lr": 0.1])
        var late = StepDecay(for: optimizer, stepSize: 1, gamma: 0.5)   // from the rate 0.025 step 2 set
        #expect(throws: OptimizerStateError.self) { try late.restoreState(first.exportState()) }
        #expect(late.step == 0)
        var resumed = StepDecay(for: SGD<Float>(parameters: [], learningRate: 0.1), stepSize: 1, gamma: 0.5)
        try resumed.restoreState(first.exportState())
        #expect(resumed.step == 3 && resumed.learningRates(atStep: 3) == [0.0125])
        var older = StepDecay(for: SGD<Float>(parameters: [], learningRate: 0.1), stepSize: 1, gamma: 0.5)
        try older.restoreState(["scheduler.step": 3])
        #expect(older.step == 3)
    }

    /// A cut smaller than `epsilon` (the minimum rate just below the current one) is not made, as PyTorch's `eps`: the rate
    /// stays, where a cut by more than ε goes to the minimum.
    @Test func reduceOnPlateauSkipsACutSmallerThanEpsilon() {
        for (minimum, expected) in [(1e-3 - 5e-9, 1e-3), (1e-3 - 5e-8, 1e-3 - 5e-8)] {
            var schedule = ReduceOnPlateau(patience: 0, minimumRate: minimum)
            let optimizer = SGD<Float>(parameters: [], learningRate: 1e-3)
            for _ in 0..<2 { schedule.observe(metric: 1, optimizer: optimizer) }   // the second is a bad epoch: a cut
            #expect(optimizer.groups[0].learningRate == expected, "minimum \(minimum)")
        }
    }

    @Test func reduceOnPlateauMatchesPyTorch() {
        #expect(fixture.plateau.count == 4)
        for (n, f) in fixture.plateau.enumerated() {
            var schedule = f.makeSchedule()
            let optimizer = SGD<Float>(parameters: [], learningRate: f.lr)
            for (k, (metric, e)) in zip(f.metrics, f.sequence).enumerated() {
                schedule.apply(to: optimizer)  // no effect on a plateau schedule
                schedule.observe(metric: metric, optimizer: optimizer)
                #expect(abs(optimizer.groups[0].learningRate - e.lr) <= 1e-15 * e.lr, "case \(n) epoch \(k)")
                #expect(schedule.best == e.best && schedule.badEpochs == e.badEpochs && schedule.cooldownCounter == e.cooldown,
                        "case \(n) epoch \(k)")
            }
            // Every case must have cut the rate at least once, or it tests nothing.
            #expect(f.sequence.last!.lr < f.lr, "case \(n)")
        }
    }

    @Test func plateauDefaultsAreTorchDefaults() {
        let s = ReduceOnPlateau()
        let o = fixture.plateau[0].options
        #expect(s.mode == .min && s.factor == o.factor && s.patience == o.patience && s.threshold == o.threshold
                && s.thresholdMode == .relative && s.cooldown == o.cooldown && s.minimumRates == [o.minLr] && s.epsilon == o.eps)
    }

    /// Exporting mid-run and restoring into a fresh schedule continues the same sequence, wherever the run stops: the
    /// plateau schedule's best metric, bad epochs and cooldown as PyTorch's go on.
    @Test func stateRoundTripsMidRun() throws {
        for (n, f) in fixture.plateau.enumerated() {
            for stop in 1..<f.metrics.count {
                var first = f.makeSchedule()
                let optimizer = SGD<Float>(parameters: [], learningRate: f.lr)
                for m in f.metrics.prefix(stop) { first.observe(metric: m, optimizer: optimizer) }
                var resumed = f.makeSchedule()
                try resumed.restoreState(first.exportState())
                for (k, (m, e)) in zip(f.metrics, f.sequence).enumerated().dropFirst(stop) {
                    resumed.observe(metric: m, optimizer: optimizer)
                    #expect(abs(optimizer.groups[0].learningRate - e.lr) <= 1e-15 * e.lr && resumed.best == e.best
                            && resumed.badEpochs == e.badEpochs && resumed.cooldownCounter == e.cooldown, "case \(n), stopped at \(stop), epoch \(k)")
                }
            }
        }

        let sgd = SGD<Float>(parameters: [], learningRate: 0.1)
        var warm = WarmupCosine(for: sgd, warmupSteps: 2, totalSteps: 10)
        for _ in 0..<4 { warm.apply(to: sgd) }
        var warmResumed = WarmupCosine(for: SGD<Float>(parameters: [], learningRate: 0.1), warmupSteps: 2, totalSteps: 10)
        try warmResumed.restoreState(warm.exportState())
        #expect(warmResumed.step == 4)
        warm.apply(to: sgd)
        let expected = sgd.groups
        warmResumed.apply(to: sgd)
        #expect(sgd.groups == expected)
    }

    /// A OneCycle exported mid-cycle continues in a fresh one; one of another peak refuses the state.
    @Test func oneCycleStateRoundTripsMidRun() throws {
        let f = fixture.oneCycle[2]
        var first = f.makeSchedule(for: SGD<Float>(parameters: [], learningRate: f.lr), maxRate: f.maxLR)
        for _ in 0..<7 { first.apply(to: SGD<Float>(parameters: [], learningRate: f.lr)) }
        #expect(first.exportState() == ["scheduler.step": 7, "scheduler.base_lr": f.maxLR])
        let optimizer = SGD<Float>(parameters: [], learningRate: f.lr)
        var resumed = f.makeSchedule(for: optimizer, maxRate: f.maxLR)
        try resumed.restoreState(first.exportState())
        for (k, e) in f.sequence.enumerated().dropFirst(7) {
            resumed.apply(to: optimizer)
            #expect(abs(optimizer.groups[0].learningRate - e) <= 1e-12 * e, "step \(k)")
        }
        var otherPeak = f.makeSchedule(for: optimizer, maxRate: f.maxLR / 2)
        #expect(throws: OptimizerStateError.self) { try otherPeak.restoreState(first.exportState()) }
        #expect(otherPeak.step == 0)
    }

    @Test func restoringABadStateThrows() {
        var s = ReduceOnPlateau()
        #expect(throws: OptimizerStateError.missingScalar(key: "scheduler.best")) {
            try s.restoreState(["scheduler.step": 1, "scheduler.bad_epochs": 0, "scheduler.cooldown_counter": 0])
        }
        var e = ExponentialDecay(for: SGD<Float>(parameters: [], learningRate: 1), gamma: 0.5)
        #expect(throws: OptimizerStateError.invalidScalar(key: "scheduler.step", value: -2, expected: "an integer from 0 to 2^53")) {
            try e.restoreState(["scheduler.step": -2])
        }
        #expect(e.step == 0 && s.epoch == 0)
    }
}

import Testing
import RNNKit

/// The schedule a checkpoint records: multistep and linear build the library's ``MultiStepDecay`` and ``LinearRate``,
/// their settings are checked, and the other kinds encode as before those two existed.
@Suite struct ScheduleSettingsTests {
    /// An SGD at 0.1 over one parameter.
    func sgd() -> SGD<Float> { SGD(parameters: [Parameter(name: "w", value: Tensor<Float>(zeros: [2]))], learningRate: 0.1) }

    /// The rates the schedule of `settings` sets over its first `steps` steps.
    func rates(_ settings: ScheduleSettings, steps: Int) -> [Double] {
        let optimizer = sgd()
        var schedule = settings.make(for: optimizer)
        return (0..<steps).map { _ in
            schedule.apply(to: optimizer)
            return optimizer.groups[0].learningRate
        }
    }

    /// The rates of the schedule `make` makes over its first `steps` steps.
    func rates(steps: Int, _ make: (SGD<Float>) -> some StepwiseSchedule) -> [Double] {
        let schedule = make(sgd())
        return (0..<steps).map { schedule.learningRates(atStep: $0)[0] }
    }

    @Test func multistepDecaysAtItsMilestones() {
        let settings = ScheduleSettings.multistep(milestones: [3, 7], gamma: 0.1)
        let expected = rates(steps: 10) { MultiStepDecay(for: $0, milestones: [3, 7], gamma: 0.1) }
        #expect(rates(settings, steps: 10) == expected)
        #expect(expected[2] == 0.1 && abs(expected[3] - 0.01) < 1e-15 && abs(expected[9] - 0.001) < 1e-15)
    }

    /// linear takes PyTorch's factors (1/3 to 1) unless given, and the run's step limit as its length unless given its own.
    @Test func linearTakesPyTorchsFactorsAndTheRunsLength() {
        let byDefault = rates(steps: 12) { LinearRate(for: $0, startFactor: 1.0 / 3, endFactor: 1, totalSteps: 8) }
        #expect(rates(.linear(totalSteps: 8), steps: 12) == byDefault)
        #expect(abs(byDefault[0] - 0.1 / 3) < 1e-15 && byDefault[8] == 0.1 && byDefault[11] == 0.1)
        let decay = rates(steps: 12) { LinearRate(for: $0, startFactor: 1, endFactor: 0, totalSteps: 5) }
        #expect(rates(.linear(startFactor: 1, endFactor: 0, steps: 5, totalSteps: 8), steps: 12) == decay)
        #expect(decay[0] == 0.1 && decay[5] == 0 && decay[11] == 0)
    }

    @Test(arguments: [
        (ScheduleSettings(kind: .multistep), "ScheduleSettings.kind multistep needs ScheduleSettings.milestones (the steps of the decays)"),
        (.multistep(milestones: []), "ScheduleSettings.kind multistep needs ScheduleSettings.milestones (the steps of the decays)"),
        (.multistep(milestones: [5, 5]), "the milestones (ScheduleSettings.milestones) must be steps ≥ 1 in increasing order, got 5,5"),
        (.multistep(milestones: [9, 4]), "the milestones (ScheduleSettings.milestones) must be steps ≥ 1 in increasing order, got 9,4"),
        (.multistep(milestones: [0, 4]), "the milestones (ScheduleSettings.milestones) must be steps ≥ 1 in increasing order, got 0,4"),
        (.multistep(milestones: [4], gamma: 1.5), "ScheduleSettings.gamma must be in (0, 1] for a decay, got 1.5"),
        (.linear(), "ScheduleSettings.kind linear needs ScheduleSettings.linearSteps or ScheduleSettings.totalSteps (the steps over which its factor moves)"),
        (.linear(steps: 0, totalSteps: 10), "the length of the linear schedule (ScheduleSettings.linearSteps) must be positive, got 0"),
        (.linear(totalSteps: -2), "the length of the linear schedule (ScheduleSettings.totalSteps) must be positive, got -2"),
        (.linear(startFactor: 0, totalSteps: 10), "the start factor (ScheduleSettings.startFactor) must be in (0, 1], got 0.0"),
        (.linear(startFactor: 1.5, totalSteps: 10), "the start factor (ScheduleSettings.startFactor) must be in (0, 1], got 1.5"),
        (.linear(endFactor: -0.5, totalSteps: 10), "the end factor (ScheduleSettings.endFactor) must be in [0, 1], got -0.5"),
        (.linear(endFactor: .nan, totalSteps: 10), "the end factor (ScheduleSettings.endFactor) must be in [0, 1], got nan"),
    ] as [(ScheduleSettings, String)])
    func invalidSettingsAreRefused(settings: ScheduleSettings, message: String) {
        let error = #expect(throws: ConfigurationError.self) { try settings.validate() }
        #expect(error?.message == message)
    }

    /// cosine and onecycle end at totalSteps, linear after its own length (else totalSteps); the decays never end.
    @Test func endStepOfEachKind() {
        #expect(ScheduleSettings(kind: .cosine, warmup: 2, totalSteps: 9).endStep == 9)
        #expect(ScheduleSettings(kind: .onecycle, totalSteps: 7).endStep == 7)
        #expect(ScheduleSettings.linear(totalSteps: 8).endStep == 8 && ScheduleSettings.linear(steps: 5, totalSteps: 8).endStep == 5)
        for kind in [ScheduleSettings.Kind.constant, .step, .multistep, .exponential, .plateau] {
            #expect(ScheduleSettings(kind: kind, totalSteps: 9).endStep == nil, "\(kind)")
        }
        #expect(ScheduleSettings(kind: .cosine).endStep == nil)
    }

    @Test func validSettingsPass() throws {
        try ScheduleSettings.multistep(milestones: [1, 2, 500]).validate()
        try ScheduleSettings.linear(startFactor: 1, endFactor: 0, totalSteps: 1).validate()
        try ScheduleSettings.linear(startFactor: 0.01, steps: 100).validate()
    }

    /// The kinds that came before write the JSON they wrote then (so a default run's checkpoint is unchanged), and that JSON
    /// reads back; the new kinds record their settings and read back the same.
    @Test func theEarlierKindsEncodeAsBefore() throws {
        let before = #"{"every":1000,"gamma":0.5,"kind":"constant","patience":2,"totalSteps":5,"warmup":0}"#
        #expect(MetadataJSON.encode(ScheduleSettings(totalSteps: 5)) == before)
        #expect(try MetadataJSON.decode(ScheduleSettings.self, from: before) == ScheduleSettings(totalSteps: 5))
        #expect(MetadataJSON.encode(ScheduleSettings(kind: .cosine, warmup: 10, totalSteps: 100))
            == #"{"every":1000,"gamma":0.5,"kind":"cosine","patience":2,"totalSteps":100,"warmup":10}"#)
        for settings in [ScheduleSettings.multistep(milestones: [3, 7], gamma: 0.1),
                         .linear(startFactor: 0.5, endFactor: 0, steps: 20, totalSteps: 50), .linear(totalSteps: 50)] {
            #expect(try MetadataJSON.decode(ScheduleSettings.self, from: MetadataJSON.encode(settings)) == settings)
        }
        #expect(MetadataJSON.encode(ScheduleSettings.multistep(milestones: [3, 7])).contains(#""kind":"multistep","milestones":[3,7]"#))
    }
}

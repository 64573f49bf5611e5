import Testing
@testable import RNNCore

/// Schedules on an optimizer of several parameter groups: each group's rate follows from its own base, as PyTorch's
/// schedulers set every `param_groups[g]["lr"]` from `base_lrs[g]`.
@Suite struct ScheduleGroupTests {
    let fixture: ScheduleFixture

    init() throws {
        fixture = try loadFixture("schedules", as: ScheduleFixture.self)
    }

    /// An SGD optimizer of one (empty) group per rate.
    static func optimizer(_ rates: [Double]) -> SGD<Float> {
        SGD(groups: rates.map { ParameterGroup([], learningRate: $0) })
    }

    /// Makes a schedule for an optimizer of groups at `fixture.twoGroups.lrs`, applies it before each step and
    /// compares every group's rate with PyTorch's.
    func expectSequences<S: StepwiseSchedule>(_ make: (SGD<Float>) -> S, _ expected: [[Double]], _ label: String) {
        let optimizer = Self.optimizer(fixture.twoGroups.lrs)
        var schedule = make(optimizer)
        #expect(schedule.baseRates == fixture.twoGroups.lrs)
        #expect(!expected.isEmpty)
        for (k, e) in expected.enumerated() {
            schedule.apply(to: optimizer)
            let rates = optimizer.groups.map(\.learningRate)
            #expect(rates.count == e.count && zip(rates, e).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) }, "\(label) step \(k): \(rates) vs \(e)")
            optimizer.step()
        }
    }

    @Test func everyStepwiseScheduleSetsEachGroupFromItsBase() {
        let f = fixture, two = fixture.twoGroups
        expectSequences({ StepDecay(for: $0, stepSize: f.step.stepSize, gamma: f.step.gamma) }, two.step, "StepDecay")
        expectSequences({ ExponentialDecay(for: $0, gamma: f.exponential.gamma) }, two.exponential, "ExponentialDecay")
        expectSequences({ WarmupCosine(for: $0, warmupSteps: f.warmupCosine.warmup, totalSteps: f.warmupCosine.total,
                                       minimum: f.warmupCosine.minLR) }, two.warmupCosine, "WarmupCosine")
        expectSequences({ WarmupCosine(for: $0, warmupSteps: 0, totalSteps: f.cosine.total, minimum: f.cosine.minLR) },
                        two.cosine, "Cosine")
        expectSequences({ ConstantRate(for: $0) }, Array(repeating: two.lrs, count: 3), "ConstantRate")
        expectSequences({ MultiStepDecay(for: $0, milestones: f.multiStep.milestones, gamma: f.multiStep.gamma) }, two.multiStep,
                        "MultiStepDecay")
        for (n, (c, e)) in zip(f.linear, two.linear).enumerated() {
            expectSequences({ c.makeSchedule(for: $0) }, e, "LinearRate case \(n)")
        }
    }

    /// OneCycle peaks each group at its own rate in the optimizer (PyTorch's `max_lr` as a list), or every group at one
    /// given peak (one `max_lr`).
    @Test func oneCyclePeaksEachGroupAtItsRateOrAtOneGiven() {
        let f = fixture.oneCycle, two = fixture.twoGroups
        #expect(two.oneCycle.count == f.count)
        for (n, (c, e)) in zip(f, two.oneCycle).enumerated() {
            expectSequences({ c.makeSchedule(for: $0, maxRate: nil) }, e, "OneCycle case \(n)")
        }
        let optimizer = Self.optimizer(two.lrs)
        var schedule = f[0].makeSchedule(for: optimizer, maxRate: f[0].maxLR)
        #expect(schedule.baseRates == [f[0].maxLR, f[0].maxLR] && two.oneCycleOneMax.count == f[0].options.totalSteps)
        for (k, e) in two.oneCycleOneMax.enumerated() {
            schedule.apply(to: optimizer)
            let rates = optimizer.groups.map(\.learningRate)
            #expect(zip(rates, e).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) }, "step \(k): \(rates) vs \(e)")
        }
    }

    /// Each group is cut on its own, never below the one minimum: the second reaches it at the first cut and stays.
    @Test func reduceOnPlateauCutsEveryGroup() {
        let f = fixture.plateau[2], expected = fixture.twoGroups.plateau
        var schedule = f.makeSchedule()
        let optimizer = Self.optimizer(fixture.twoGroups.lrs)
        for (k, (metric, e)) in zip(f.metrics, expected).enumerated() {
            schedule.observe(metric: metric, optimizer: optimizer)
            #expect(optimizer.groups.map(\.learningRate) == e.lrs, "epoch \(k)")
            #expect(schedule.best == e.best && schedule.badEpochs == e.badEpochs && schedule.cooldownCounter == e.cooldown, "epoch \(k)")
        }
        #expect(expected.count == f.metrics.count && expected.last!.lrs[0] < fixture.twoGroups.lrs[0])
        #expect(expected.contains { $0.lrs[1] == f.options.minLr && $0.lrs[0] > f.options.minLr })
    }

    /// With one minimum per group (PyTorch's `min_lr` list) each group stops at its own; applying the schedule before
    /// each epoch's step (which checks the minima against the groups) changes no rate.
    @Test func reduceOnPlateauStopsEachGroupAtItsOwnMinimum() {
        let f = fixture.plateau[2], expected = fixture.twoGroups.plateauMinLrs
        var schedule = ReduceOnPlateau(factor: f.options.factor, patience: f.options.patience, cooldown: f.options.cooldown,
                                       minimumRates: expected.minLrs)
        let optimizer = Self.optimizer(fixture.twoGroups.lrs)
        for (k, (metric, e)) in zip(f.metrics, expected.sequence).enumerated() {
            schedule.apply(to: optimizer)
            schedule.observe(metric: metric, optimizer: optimizer)
            #expect(optimizer.groups.map(\.learningRate) == e.lrs, "epoch \(k)")
        }
        #expect(expected.sequence.last!.lrs == expected.minLrs)
    }

    /// A schedule of several groups saves a base rate per group; one of a single group keeps `scheduler.base_lr`.
    @Test func stateKeepsEveryGroupsBase() throws {
        var first = StepDecay(for: Self.optimizer([0.1, 0.03]), stepSize: 1, gamma: 0.5)
        for _ in 0..<3 { first.apply(to: Self.optimizer([0.1, 0.03])) }
        #expect(first.exportState() == ["scheduler.step": 3, "scheduler.base_lr.0": 0.1, "scheduler.base_lr.1": 0.03])
        #expect(StepDecay(for: Self.optimizer([0.1]), stepSize: 1).exportState() == ["scheduler.step": 0, "scheduler.base_lr": 0.1])
        var resumed = StepDecay(for: Self.optimizer([0.1, 0.03]), stepSize: 1, gamma: 0.5)
        try resumed.restoreState(first.exportState())
        #expect(resumed.step == 3 && resumed.learningRates(atStep: 3) == [0.0125, 0.00375])
    }

    /// A state of other groups (another count, or another base in one group) is refused and changes nothing.
    @Test func restoringTheStateOfOtherGroupsThrows() {
        let two = StepDecay(for: Self.optimizer([0.1, 0.03]), stepSize: 1).exportState()
        var one = StepDecay(for: Self.optimizer([0.1]), stepSize: 1)
        #expect(throws: OptimizerStateError.groupCountMismatch(expected: 1, found: 2)) { try one.restoreState(two) }
        var three = StepDecay(for: Self.optimizer([0.1, 0.03, 0.01]), stepSize: 1)
        #expect(throws: OptimizerStateError.groupCountMismatch(expected: 3, found: 2)) { try three.restoreState(two) }
        var single = one
        single.step = 4
        var twoGroups = StepDecay(for: Self.optimizer([0.1, 0.03]), stepSize: 1)
        #expect(throws: OptimizerStateError.groupCountMismatch(expected: 2, found: 1)) { try twoGroups.restoreState(single.exportState()) }
        var otherBase = StepDecay(for: Self.optimizer([0.1, 0.02]), stepSize: 1)
        let error = #expect(throws: OptimizerStateError.self) { try otherBase.restoreState(two) }
        #expect(one.step == 0 && three.step == 0 && twoGroups.step == 0 && otherBase.step == 0)
        #expect("\(OptimizerStateError.groupCountMismatch(expected: 1, found: 2))"
                == "optimizer state: saved for 2 parameter groups, expected 1 (the groups the optimizer was made with)")
        guard case .invalidScalar(let key, let value, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(key == "scheduler.base_lr.1" && value == 0.03)
    }
}

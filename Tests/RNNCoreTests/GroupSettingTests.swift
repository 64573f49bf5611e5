import Testing
@testable import RNNCore

/// Settings of a parameter group besides its rate (weight decay, momentum, betas, epsilon, …): saved and restored with
/// the optimizer, older states without them, and the OneCycle momentum cycling's state. (Their updates, and the
/// cycling's, are compared with PyTorch's in ``OptimizerTests``.)
@Suite struct GroupSettingTests {
    /// `w` [2, 3] and `b` [3], with gradients of 1.
    static func parameters() -> [Parameter<Double>] {
        let ps = [Parameter<Double>(name: "w", value: Tensor(shape: [2, 3], scalars: [0.5, -1, 2, 0, 0.75, -0.25])),
                  Parameter<Double>(name: "b", value: Tensor(shape: [3], scalars: [0.1, -0.2, 1.5]))]
        for p in ps { p.grad = Tensor(repeating: 1, shape: p.shape) }
        return ps
    }

    /// Fresh parameters holding the values of `parameters`, for an optimizer that restores a state.
    static func copies(of parameters: [Parameter<Double>]) -> [Parameter<Double>] {
        parameters.map { Parameter(name: $0.name, value: $0.value) }
    }

    /// Two steps of each optimizer with every gradient 1.
    static func twoStepsOfOnes(_ optimizers: [any Optimizer<Double>]) {
        for optimizer in optimizers {
            for p in optimizer.parameters { p.grad = Tensor(repeating: 1, shape: p.shape) }
            optimizer.step()
            optimizer.step()
        }
    }

    /// Expects `optimizer`'s second parameter (b) to have moved by `change` from its starting value, each element.
    static func expectB(of optimizer: any Optimizer<Double>, movedBy change: Double) {
        let b = parameters()[1].value.scalars.map { $0 + change }
        #expect(zip(optimizer.parameters[1].value.scalars, b).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(optimizer.parameters[1].value.scalars)")
    }

    /// A setting that differs from the optimizer's in some group is saved for every group, and restored into a fresh
    /// optimizer; the settings still at the optimizer's are not saved.
    @Test func aGroupsOwnSettingsAreSavedAndRestored() throws {
        let ps = Self.parameters()
        let sgd = SGD(groups: [ParameterGroup([ps[0]]), ParameterGroup([ps[1]], weightDecay: 0.1)], learningRate: 0.1, momentum: 0.9)
        sgd.step()
        sgd.groups[0].momentum = 0.5
        let state = sgd.exportState()
        #expect(state.scalars == ["optimizer.step": 1, "optimizer.lr.0": 0.1, "optimizer.lr.1": 0.1, "optimizer.group_size.0": 1,
                                  "optimizer.group_size.1": 1, "optimizer.weight_decay.0": 0, "optimizer.weight_decay.1": 0.1,
                                  "optimizer.momentum.0": 0.5, "optimizer.momentum.1": 0.9])
        let fresh = SGD(groups: [ParameterGroup([ps[0]]), ParameterGroup([ps[1]])], learningRate: 0.1, momentum: 0.9)
        try fresh.restoreState(state)
        #expect(fresh.groups == sgd.groups && fresh.exportState() == state)
        let adam = Adam(parameters: ps, learningRate: 0.1)
        adam.groups[0].beta1 = 0.85
        adam.groups[0].epsilon = 1e-6
        #expect(adam.exportState().scalars == ["optimizer.step": 0, "optimizer.lr": 0.1, "optimizer.beta1": 0.85, "optimizer.eps": 1e-6])
    }

    /// A group made with its own setting and set back to the optimizer's keeps that value through a save and restore
    /// (a state without the setting's keys would restore the group's own as made).
    @Test func aSettingSetBackToTheOptimizersIsSaved() throws {
        let ps = Self.parameters()
        let made = { SGD(groups: [ParameterGroup([ps[0]], momentum: 0.5), ParameterGroup([ps[1]])], learningRate: 0.1, momentum: 0.9) }
        let sgd = made()
        sgd.step()
        sgd.groups[0].momentum = 0.9
        let state = sgd.exportState()
        #expect(state.scalars["optimizer.momentum.0"] == 0.9)
        let resumed = made()
        try resumed.restoreState(state)
        #expect(resumed.groups == sgd.groups)
    }

    /// A group given momentum after its first steps starts its buffers at its next step, buf = d as PyTorch's SGD (not
    /// blended into the zeros the optimizer keeps for it, which with dampening took (1 − dampening)·d), also after a
    /// restore between the steps.
    @Test func aMomentumGivenLaterStartsItsBuffersAsPyTorch() throws {
        let made = { (ps: [Parameter<Double>]) in
            SGD(groups: [ParameterGroup([ps[0]]), ParameterGroup([ps[1]], momentum: 0)], learningRate: 0.1, momentum: 0.9, dampening: 0.5)
        }
        let straight = made(Self.parameters())
        straight.step()
        let first = made(Self.parameters())
        first.step()
        let resumed = made(Self.copies(of: first.parameters))
        try resumed.restoreState(first.exportState())
        for sgd in [straight, resumed] { sgd.groups[1].momentum = 0.9 }
        Self.twoStepsOfOnes([straight, resumed])
        // b: −0.1 plain, −0.1 with buf = d = 1, −0.14 with buf = 0.9 · 1 + 0.5 · 1.
        for sgd in [straight, resumed] { Self.expectB(of: sgd, movedBy: -0.34) }
        #expect(resumed.parameters.map(\.value) == straight.parameters.map(\.value))
    }

    /// An SGD that stepped without momentum takes one later (as a OneCycle made then gives it), and starts its buffers
    /// at their first step with momentum, as PyTorch's SGD does; the state it saves then resumes the same way.
    @Test func momentumGivenAfterStepsWithoutItStartsItsBuffers() throws {
        let sgd = SGD(parameters: Self.parameters(), learningRate: 0.1)
        sgd.step()
        _ = OneCycle(for: sgd, totalSteps: 10)
        #expect(sgd.groups[0].momentum == 0.95)
        let saved = sgd.exportState()
        let resumed = SGD(parameters: Self.copies(of: sgd.parameters), learningRate: 0.1)
        resumed.groups[0].momentum = 0.95
        try resumed.restoreState(saved)
        for optimizer in [sgd, resumed] { optimizer.groups[0].learningRate = 0.1 }
        Self.twoStepsOfOnes([sgd, resumed])
        // b: −0.1 plain, −0.1 with buf = d = 1, −0.195 with buf = 0.95 · 1 + 1.
        Self.expectB(of: sgd, movedBy: -0.395)
        #expect(resumed.parameters.map(\.value) == sgd.parameters.map(\.value))
    }

    /// An RMSprop that stepped without momentum takes one later (set by hand, or by a OneCycle made then) and makes its
    /// momentum buffers then, at zero, as PyTorch's starts them: buf = d / den at a parameter's first step with
    /// momentum; the state it saves then resumes the same way.
    @Test func rmspropGivenMomentumAfterStepsWithoutItStartsItsBuffersAtZero() throws {
        let made = { (ps: [Parameter<Double>]) in RMSprop(parameters: ps, learningRate: 0.1) }
        let byHand = made(Self.parameters()), byCycle = made(Self.parameters())
        for rmsprop in [byHand, byCycle] { rmsprop.step() }
        byHand.groups[0].momentum = 0.9
        _ = OneCycle(for: byCycle, totalSteps: 10, maxMomentum: 0.9)
        let resumed = made(Self.copies(of: byHand.parameters))
        resumed.groups[0].momentum = 0.9
        try resumed.restoreState(byHand.exportState())
        Self.twoStepsOfOnes([byHand, byCycle, resumed])
        // b, every gradient 1 (α 0.99, eps 1e-8): sq = 0.01, 0.0199, 0.029701; −0.1 / den plain, then buf = 1 / den,
        // then buf = 0.9 · buf + 1 / den, each step −0.1 · buf.
        var square = 0.0, buffer = 0.0, change = 0.0
        for step in 0..<3 {
            square = 0.99 * square + 0.01
            let quotient = 1 / (square.squareRoot() + 1e-8)
            if step > 0 { buffer = 0.9 * buffer + quotient }
            change -= 0.1 * (step == 0 ? quotient : buffer)
        }
        for rmsprop in [byHand, byCycle, resumed] { Self.expectB(of: rmsprop, movedBy: change) }
        #expect(byCycle.parameters.map(\.value) == byHand.parameters.map(\.value))
        #expect(resumed.parameters.map(\.value) == byHand.parameters.map(\.value))
    }

    /// A state saved before group settings were kept (only the step and the rates) restores every group's settings as
    /// the optimizer was made with them, whatever they were set to since.
    @Test func aStateWithoutSettingsRestoresThemAsMade() throws {
        let ps = Self.parameters()
        let made = { RMSprop(groups: [ParameterGroup([ps[0]], alpha: 0.9), ParameterGroup([ps[1]], weightDecay: 0.2)],
                             learningRate: 0.01, momentum: 0.5) }
        let first = made()
        first.step()
        var old = first.exportState()
        old.scalars = old.scalars.filter { ["optimizer.step", "optimizer.lr.0", "optimizer.lr.1", "optimizer.group_size.0",
                                            "optimizer.group_size.1"].contains($0.key) }
        let resumed = made()
        resumed.groups[0].momentum = 0.8
        resumed.groups[1].alpha = 0.5
        try resumed.restoreState(old)
        #expect(resumed.groups == made().groups)
    }

    /// Out-of-range settings, a momentum without buffers past the first step, and half a OneCycle's momentum bounds are
    /// refused with the key, and change nothing.
    @Test func badSavedSettingsAreRefused() throws {
        let ps = Self.parameters()
        let adam = Adam(groups: [ParameterGroup([ps[0]]), ParameterGroup([ps[1]], beta1: 0.8)])
        var state = adam.exportState()
        state.scalars["optimizer.beta1.1"] = 1.5
        let fresh = Adam(groups: [ParameterGroup([ps[0]]), ParameterGroup([ps[1]])])
        #expect(throws: OptimizerStateError.invalidScalar(key: "optimizer.beta1.1", value: 1.5, expected: "in [0, 1)")) {
            try fresh.restoreState(state)
        }
        #expect(fresh.groups.map(\.beta1) == [0.9, 0.9])
        let plain = SGD(parameters: ps, learningRate: 0.1)
        plain.step()
        var momentum = plain.exportState()
        momentum.scalars["optimizer.momentum"] = 0.9
        #expect(throws: OptimizerStateError.invalidScalar(key: "optimizer.momentum", value: 0.9,
                                                          expected: "0, as the state holds no momentum buffers")) {
            try SGD(parameters: ps, learningRate: 0.1).restoreState(momentum)
        }
        var cycle = OneCycle(for: SGD(parameters: ps, learningRate: 0.1), totalSteps: 10)
        var half = cycle.exportState()
        half[OneCycle.maxMomentumKey] = nil
        #expect(throws: OptimizerStateError.missingScalar(key: OneCycle.maxMomentumKey)) { try cycle.restoreState(half) }
        var other = cycle.exportState()
        other[OneCycle.baseMomentumKey] = 0.8
        #expect(throws: OptimizerStateError.self) { try cycle.restoreState(other) }
        #expect(cycle.cycleMomentum && cycle.step == 0)
    }

    /// A OneCycle of each group's own momentum bounds sets each group's β1 to its maximum when made, and saves the bounds
    /// per group; bounds the groups share are saved under one key each, as a schedule of one pair for every group saves
    /// them (and always did), and such a state restores into a schedule of per-group bounds when they are the same.
    @Test func oneCycleSavesAndChecksEachGroupsMomentumBounds() throws {
        let ps = Self.parameters()
        let adam = { Adam(groups: [ParameterGroup([ps[0]]), ParameterGroup([ps[1]])], learningRate: 0.01) }
        let own = adam()
        var cycle = OneCycle(for: own, totalSteps: 10, baseMomenta: [0.85, 0.6], maxMomenta: [0.95, 0.8])
        #expect(own.groups.map(\.beta1) == [0.95, 0.8] && cycle.baseMomenta == [0.85, 0.6] && cycle.maxMomenta == [0.95, 0.8])
        cycle.apply(to: own)
        let state = cycle.exportState()
        #expect(state == ["scheduler.step": 1, "scheduler.base_lr.0": 0.01, "scheduler.base_lr.1": 0.01,
                          "scheduler.base_momentum.0": 0.85, "scheduler.base_momentum.1": 0.6,
                          "scheduler.max_momentum.0": 0.95, "scheduler.max_momentum.1": 0.8])
        var resumed = OneCycle(for: adam(), totalSteps: 10, baseMomenta: [0.85, 0.6], maxMomenta: [0.95, 0.8])
        try resumed.restoreState(state)
        #expect(resumed.step == 1 && resumed.cycleMomentum && resumed.exportState() == state)
        let shared = OneCycle(for: adam(), totalSteps: 10, baseMomenta: [0.85, 0.85], maxMomenta: [0.95, 0.95])
        var onePair = OneCycle(for: adam(), totalSteps: 10)
        #expect(shared.exportState() == onePair.exportState() && onePair.exportState()[OneCycle.baseMomentumKey] == 0.85)
        #expect(throws: OptimizerStateError.invalidScalar(key: "scheduler.base_momentum.1", value: 0.6,
                                                          expected: "0.85, as this schedule cycles the momentum")) {
            try onePair.restoreState(state)
        }
        #expect(throws: OptimizerStateError.invalidScalar(key: OneCycle.baseMomentumKey, value: 0.85,
                                                          expected: "0.6, as this schedule cycles the momentum")) {
            try resumed.restoreState(onePair.exportState())
        }
        var sharedResumed = shared
        try sharedResumed.restoreState(onePair.exportState())
        #expect(sharedResumed.cycleMomentum && onePair.step == 0)
    }

    /// A OneCycle saved before it cycled the momentum (its state without the bounds) resumes without cycling: the
    /// optimizer's β1 is back at the value it was made with, and the schedule leaves it there.
    @Test func anOlderOneCycleStateResumesWithoutCycling() throws {
        let ps = Self.parameters()
        let adam = Adam(parameters: ps, learningRate: 0.01)
        var cycle = OneCycle(for: adam, totalSteps: 10)
        #expect(adam.groups[0].beta1 == 0.95)
        cycle.apply(to: adam)
        adam.step()
        var old = (adam.exportState(), cycle.exportState())
        old.0.scalars["optimizer.beta1"] = nil
        old.1[OneCycle.baseMomentumKey] = nil
        old.1[OneCycle.maxMomentumKey] = nil
        let resumed = Adam(parameters: ps, learningRate: 0.01)
        var resumedCycle = OneCycle(for: resumed, totalSteps: 10)
        try resumed.restoreState(old.0)
        try resumedCycle.restoreState(old.1)
        resumedCycle.apply(to: resumed)
        #expect(!resumedCycle.cycleMomentum && resumed.groups[0].beta1 == 0.9 && resumedCycle.exportState() == old.1.merging(["scheduler.step": 2]) { $1 })
        // A cycling state in a schedule made not to cycle is refused.
        var uncycled = OneCycle(for: Adam(parameters: ps, learningRate: 0.01), totalSteps: 10, cycleMomentum: false)
        #expect(throws: OptimizerStateError.self) { try uncycled.restoreState(cycle.exportState()) }
    }

    /// The message refusing another peak names what the peak is: the given maxRate, or the optimizer's rate.
    @Test func anotherPeakIsRefusedNamingWhereThePeakCameFrom() {
        let saved = OneCycle(for: SGD<Float>(parameters: [], learningRate: 0.1), maxRate: 0.4, totalSteps: 10).exportState()
        var given = OneCycle(for: SGD<Float>(parameters: [], learningRate: 0.1), maxRate: 0.2, totalSteps: 10)
        #expect(throws: OptimizerStateError.invalidScalar(key: "scheduler.base_lr", value: 0.4, expected: "0.2, the peak of this schedule (its maxRate)")) {
            try given.restoreState(saved)
        }
        var fromRate = OneCycle(for: SGD<Float>(parameters: [], learningRate: 0.2), totalSteps: 10)
        let error = #expect(throws: OptimizerStateError.self) { try fromRate.restoreState(saved) }
        #expect("\(error!)".contains("the learning rate of its optimizer when it was made"))
    }
}

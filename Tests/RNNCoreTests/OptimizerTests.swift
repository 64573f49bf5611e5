import Foundation
import Testing
@testable import RNNCore

/// Decodes a JSON fixture written by `Fixtures/make_optimizer_fixtures.py`.
func loadFixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "json"),
                           "fixture \(name).json is not in the test bundle")
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(T.self, from: Data(contentsOf: url))
}

/// |actual − expected| / max(1, |expected|): relative for the O(1) values the fixtures hold.
func relativeError(_ actual: Double, _ expected: Double) -> Double {
    abs(actual - expected) / max(1, abs(expected))
}

/// `optimizers.json`: PyTorch's parameters and every group's learning rate at each step, for fixed gradients.
struct OptimizerFixture: Decodable {
    struct Hyperparameters: Decodable {
        var lr: Double
        var momentum, dampening, weightDecay, lrDecay, initialAccumulatorValue, eps, alpha: Double?
        var nesterov, centered, amsgrad: Bool?
        var betas: [Double]?
    }
    struct Initial: Decodable { var shape: [Int]; var values: [Double] }
    /// One step: the rates (and, under OneCycleLR, every group's momentum or β1) it used, its gradients and the result.
    struct Step: Decodable { var lrs: [Double]; var momenta: [Double]?; var grads: [String: [Double]]; var params: [String: [Double]] }
    /// A parameter group by its parameters' names, with the settings it sets (nil: the optimizer's).
    struct Group: Decodable {
        var params: [String]
        var lr, weightDecay, momentum, dampening, eps, alpha: Double?
        var betas: [Double]?
    }
    /// OneCycleLR's arguments (`max_lr`, `base_momentum` and `max_momentum` each one number, read as a list of one, or
    /// one per group); the others are PyTorch's defaults when left out.
    struct OneCycleOptions: Decodable {
        var maxLr: [Double]
        var totalSteps: Int
        var pctStart: Double?, annealStrategy: String?, threePhase: Bool?, baseMomentum: [Double]?, maxMomentum: [Double]?

        enum CodingKeys: String, CodingKey { case maxLr, totalSteps, pctStart, annealStrategy, threePhase, baseMomentum, maxMomentum }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            /// The number or list under `key`, as a list.
            func numbers(_ key: CodingKeys) throws -> [Double] {
                try (try? c.decode([Double].self, forKey: key)) ?? [c.decode(Double.self, forKey: key)]
            }
            maxLr = try numbers(.maxLr)
            totalSteps = try c.decode(Int.self, forKey: .totalSteps)
            pctStart = try c.decodeIfPresent(Double.self, forKey: .pctStart)
            annealStrategy = try c.decodeIfPresent(String.self, forKey: .annealStrategy)
            threePhase = try c.decodeIfPresent(Bool.self, forKey: .threePhase)
            baseMomentum = c.contains(.baseMomentum) ? try numbers(.baseMomentum) : nil
            maxMomentum = c.contains(.maxMomentum) ? try numbers(.maxMomentum) : nil
        }
    }
    struct Case: Decodable {
        var name, optimizer, dtype: String
        var hyperparameters: Hyperparameters
        var exponentialGamma: Double?
        /// OneCycleLR (momentum cycled) applied before each step, if any.
        var oneCycle: OneCycleOptions?
        /// Nil for an optimizer made from one list of every parameter.
        var groups: [Group]?
        var initial: [String: Initial]
        var steps: [Step]
    }
    var torch: String
    var defaults: [String: Hyperparameters]
    var cases: [Case]

    /// The parameter names, in the order the script passed them to torch.
    static let parameterNames = ["w", "b"]
}

extension OptimizerFixture.Case {
    func makeParameters<S: TensorScalar>(_: S.Type) -> [Parameter<S>] {
        OptimizerFixture.parameterNames.map { name in
            let i = initial[name]!
            return Parameter(name: name, value: Tensor(shape: i.shape, scalars: i.values.map { S($0) }))
        }
    }

    /// The case's optimizer over `parameters`, in the case's groups (one list when it has none).
    func makeOptimizer<S: TensorScalar>(_ parameters: [Parameter<S>]) -> any Optimizer<S> {
        let h = hyperparameters
        let groups = self.groups?.map { g in
            ParameterGroup(g.params.map { name in parameters.first { $0.name == name }! }, learningRate: g.lr, weightDecay: g.weightDecay,
                           momentum: g.momentum, dampening: g.dampening, beta1: g.betas?[0], beta2: g.betas?[1], epsilon: g.eps, alpha: g.alpha)
        } ?? [ParameterGroup(parameters)]
        switch optimizer {
        case "SGD":
            return SGD(groups: groups, learningRate: h.lr, momentum: h.momentum!, dampening: h.dampening!,
                       weightDecay: h.weightDecay!, nesterov: h.nesterov!)
        case "Adagrad":
            return Adagrad(groups: groups, learningRate: h.lr, learningRateDecay: h.lrDecay!,
                           weightDecay: h.weightDecay!, initialAccumulatorValue: h.initialAccumulatorValue!, epsilon: h.eps!)
        case "RMSprop":
            return RMSprop(groups: groups, learningRate: h.lr, alpha: h.alpha!, epsilon: h.eps!,
                           weightDecay: h.weightDecay!, momentum: h.momentum!, centered: h.centered!)
        case "Adam":
            return Adam(groups: groups, learningRate: h.lr, beta1: h.betas![0], beta2: h.betas![1],
                        epsilon: h.eps!, weightDecay: h.weightDecay!, amsgrad: h.amsgrad!)
        case "AdamW":
            return AdamW(groups: groups, learningRate: h.lr, beta1: h.betas![0], beta2: h.betas![1],
                         epsilon: h.eps!, weightDecay: h.weightDecay!, amsgrad: h.amsgrad!)
        default:
            fatalError("fixture names an unknown optimizer \(optimizer)")
        }
    }

    /// The case's schedule of `optimizer` (ExponentialLR or OneCycleLR), if it has one.
    func makeSchedule<S: TensorScalar>(for optimizer: any Optimizer<S>) -> (any LearningRateSchedule)? {
        if let gamma = exponentialGamma { return ExponentialDecay(for: optimizer, gamma: gamma) }
        guard let o = oneCycle else { return nil }
        let (maxRate, annealing) = (o.maxLr.count == 1 ? o.maxLr[0] : nil, o.annealStrategy == "linear" ? OneCycle.Annealing.linear : .cosine)
        if let base = o.baseMomentum, let max = o.maxMomentum, base.count > 1 {
            return OneCycle(for: optimizer, maxRate: maxRate, totalSteps: o.totalSteps, pctStart: o.pctStart ?? 0.3, annealing: annealing,
                            threePhase: o.threePhase ?? false, baseMomenta: base, maxMomenta: max)
        }
        return OneCycle(for: optimizer, maxRate: maxRate, totalSteps: o.totalSteps, pctStart: o.pctStart ?? 0.3, annealing: annealing,
                        threePhase: o.threePhase ?? false, baseMomentum: o.baseMomentum?[0] ?? 0.85, maxMomentum: o.maxMomentum?[0] ?? 0.95)
    }

    /// Sets the gradients of `step` (and the settings from the case's schedule, if any).
    func prepare<S: TensorScalar>(_ optimizer: any Optimizer<S>, step: Int, schedule: inout (any LearningRateSchedule)?) {
        for p in optimizer.parameters {
            p.grad = Tensor(shape: p.shape, scalars: steps[step].grads[p.name]!.map { S($0) })
        }
        if var s = schedule {
            s.apply(to: optimizer)
            schedule = s
        }
    }

    /// The worst relative error of the parameters and rates against PyTorch's over all steps.
    func worstError<S: TensorScalar>(_: S.Type) -> (error: Double, where: String) {
        let optimizer: any Optimizer<S> = makeOptimizer(makeParameters(S.self))
        var schedule = makeSchedule(for: optimizer)
        var worst = (error: 0.0, where: "")
        for (t, step) in steps.enumerated() {
            prepare(optimizer, step: t, schedule: &schedule)
            let rates = optimizer.groups.map(\.learningRate)
            guard rates.count == step.lrs.count else { return (.infinity, "\(rates.count) groups, PyTorch has \(step.lrs.count)") }
            for (g, (a, e)) in zip(rates, step.lrs).enumerated() where !(relativeError(a, e) <= worst.error) {
                worst = (relativeError(a, e), "lr of group \(g) at step \(t + 1): \(a) vs \(e)")
            }
            let momenta = optimizer.groups.map { $0.beta1 ?? $0.momentum ?? .nan }
            for (g, (a, e)) in zip(momenta, step.momenta ?? []).enumerated() where !(relativeError(a, e) <= worst.error) {
                worst = (relativeError(a, e), "momentum of group \(g) at step \(t + 1): \(a) vs \(e)")
            }
            optimizer.step()
            for p in optimizer.parameters {
                for (k, (a, e)) in zip(p.value.scalars, step.params[p.name]!).enumerated() {
                    let err = relativeError(Double(a), e)
                    if !(err <= worst.error) { worst = (err, "\(p.name)[\(k)] at step \(t + 1): \(a) vs \(e)") }
                }
            }
        }
        return worst
    }
}

@Suite struct OptimizerTests {
    let fixture: OptimizerFixture

    init() throws {
        fixture = try loadFixture("optimizers", as: OptimizerFixture.self)
    }

    @Test func fixtureCoversEveryOptimizerAndOption() {
        #expect(fixture.cases.count == 62)
        #expect(Set(fixture.cases.map(\.optimizer)) == ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
        #expect(fixture.cases.allSatisfy { $0.steps.count == 6 })
        // Every optimizer has a case of two groups with their own rates and decays, in both precisions.
        let grouped = fixture.cases.filter { $0.groups?.count == 2 }
        #expect(grouped.count == 24 && Set(grouped.map(\.optimizer)) == ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
        #expect(grouped.allSatisfy { Set($0.steps[0].lrs).count == 2 || $0.groups!.contains { $0.momentum != nil || $0.betas != nil || $0.eps != nil } })
        // Groups of their own momentum, betas and epsilon; OneCycleLR cycling SGD's momentum and Adam's β1, one of two groups.
        #expect(Set(fixture.cases.filter { c in c.groups?.contains { $0.momentum != nil || $0.betas != nil || $0.eps != nil } ?? false }
            .map(\.optimizer)) == ["SGD", "RMSprop", "Adam", "Adagrad"])
        let cycled = fixture.cases.filter { $0.oneCycle != nil }
        #expect(Set(cycled.map(\.optimizer)) == ["SGD", "Adam"] && cycled.contains { $0.groups?.count == 2 }
                && cycled.allSatisfy { $0.steps.allSatisfy { $0.momenta != nil } })
        // Momentum bounds of each group's own (base_momentum and max_momentum lists), for SGD's momentum and Adam's β1.
        let ownBounds = cycled.filter { $0.oneCycle!.baseMomentum?.count == 2 && Set($0.oneCycle!.maxMomentum!).count == 2 }
        #expect(Set(ownBounds.map(\.optimizer)) == ["SGD", "Adam"] && ownBounds.allSatisfy { $0.steps.allSatisfy { Set($0.momenta!).count == 2 } })
    }

    @Test func matchesPyTorchInFloat32() {
        for c in fixture.cases where c.dtype == "float32" {
            let worst = c.worstError(Float.self)
            #expect(worst.error < 1e-5, "\(c.name): \(worst.where)")
        }
    }

    @Test func matchesPyTorchInFloat64() {
        for c in fixture.cases where c.dtype == "float64" {
            let worst = c.worstError(Double.self)
            #expect(worst.error < 1e-10, "\(c.name): \(worst.where)")
        }
    }

    @Test func defaultsAreTorchDefaults() throws {
        let d = fixture.defaults
        let ps = [Parameter<Float>(name: "w", value: Tensor(zeros: [2]))]
        /// The one group of an optimizer made from a list: at PyTorch's default rate and decay.
        func isDefaultGroup(_ groups: [OptimizerGroup], _ ref: OptimizerFixture.Hyperparameters) -> Bool {
            groups.map(\.indices) == [0..<1] && groups.map(\.learningRate) == [ref.lr] && groups.map(\.weightDecay) == [ref.weightDecay!]
        }
        let sgd = SGD(parameters: ps), sgdRef = try #require(d["SGD"])
        #expect(isDefaultGroup(sgd.groups, sgdRef) && sgd.momentum == sgdRef.momentum && sgd.dampening == sgdRef.dampening
                && sgd.nesterov == sgdRef.nesterov)
        let ada = Adagrad(parameters: ps), adaRef = try #require(d["Adagrad"])
        #expect(isDefaultGroup(ada.groups, adaRef) && ada.learningRateDecay == adaRef.lrDecay
                && ada.initialAccumulatorValue == adaRef.initialAccumulatorValue && ada.epsilon == adaRef.eps)
        let rms = RMSprop(parameters: ps), rmsRef = try #require(d["RMSprop"])
        #expect(isDefaultGroup(rms.groups, rmsRef) && rms.alpha == rmsRef.alpha && rms.epsilon == rmsRef.eps
                && rms.momentum == rmsRef.momentum && rms.centered == rmsRef.centered)
        for (adam, ref) in [(Adam(parameters: ps), try #require(d["Adam"])), (AdamW(parameters: ps), try #require(d["AdamW"]))] {
            #expect(isDefaultGroup(adam.groups, ref) && [adam.beta1, adam.beta2] == ref.betas && adam.epsilon == ref.eps
                    && adam.amsgrad == ref.amsgrad)
        }
        #expect(AdamW(parameters: ps).decoupledWeightDecay && !Adam(parameters: ps).decoupledWeightDecay)
    }

    /// Stopping after 3 steps, restoring into a fresh optimizer (and schedule, made first) and continuing gives
    /// bit-identical parameters to an uninterrupted run, for every optimizer, option and schedule.
    @Test func exportedStateResumesExactly() throws {
        for c in fixture.cases where c.dtype == "float64" {
            let straight = c.makeOptimizer(c.makeParameters(Double.self))
            let first = c.makeOptimizer(c.makeParameters(Double.self))
            var (straightSchedule, firstSchedule) = (c.makeSchedule(for: straight), c.makeSchedule(for: first))
            for t in 0..<3 {
                c.prepare(straight, step: t, schedule: &straightSchedule)
                straight.step()
                c.prepare(first, step: t, schedule: &firstSchedule)
                first.step()
            }
            let state = first.exportState()
            #expect(state.scalars[OptimizerState<Double>.stepKey] == 3)
            // A fresh optimizer on the first run's weights, with the state restored.
            let resumed = c.makeOptimizer(first.parameters.map { Parameter(name: $0.name, value: $0.value) })
            var resumedSchedule = c.makeSchedule(for: resumed)
            try resumed.restoreState(state)
            try resumedSchedule?.restoreState(firstSchedule?.exportState() ?? [:])
            #expect(resumed.exportState() == state && resumed.groups == first.groups, "\(c.name)")
            for t in 3..<c.steps.count {
                c.prepare(straight, step: t, schedule: &straightSchedule)
                straight.step()
                c.prepare(resumed, step: t, schedule: &resumedSchedule)
                resumed.step()
            }
            for (a, b) in zip(straight.parameters, resumed.parameters) {
                #expect(a.value == b.value, "\(c.name): \(a.name)")
            }
        }
    }

    @Test func stateKeysFollowPyTorchNames() {
        let ps = [Parameter<Float>(name: "head.weight", value: Tensor(zeros: [2, 2]))]
        #expect(Set(Adam(parameters: ps, amsgrad: true).exportState().tensors.keys)
                == ["optimizer.exp_avg.head.weight", "optimizer.exp_avg_sq.head.weight", "optimizer.max_exp_avg_sq.head.weight"])
        #expect(Set(RMSprop(parameters: ps, momentum: 0.5, centered: true).exportState().tensors.keys)
                == ["optimizer.square_avg.head.weight", "optimizer.grad_avg.head.weight", "optimizer.momentum_buffer.head.weight"])
        #expect(Set(SGD(parameters: ps, momentum: 0.9).exportState().tensors.keys) == ["optimizer.momentum_buffer.head.weight"])
        #expect(SGD(parameters: ps).exportState().tensors.isEmpty)
        #expect(Set(Adagrad(parameters: ps).exportState().tensors.keys) == ["optimizer.sum.head.weight"])
        let s = SGD(parameters: ps, learningRate: 0.25).exportState().scalars
        #expect(s == ["optimizer.step": 0, "optimizer.lr": 0.25])
    }

    /// A momentum buffer started on gradients that were all 0 holds zeros, as one not started does; restored, its next
    /// step still adds to it (PyTorch: buf = 0.9·0 + 0.5·1, so p = −0.5), where a buffer taken for one not started
    /// would be set to d (p = −1).
    @Test func sgdResumesABufferStartedOnZeroGradients() throws {
        let p = Parameter<Double>(name: "p", value: Tensor(shape: [1], scalars: [0]))
        let first = SGD(parameters: [p], learningRate: 1, momentum: 0.9, dampening: 0.5)
        p.grad = Tensor(shape: [1], scalars: [0])
        first.step()
        let state = first.exportState()
        #expect(state.scalars["optimizer.momentum_started"] == 1)
        let resumed = SGD(parameters: [p], learningRate: 1, momentum: 0.9, dampening: 0.5)
        try resumed.restoreState(state)
        #expect(resumed.exportState() == state)
        p.grad = Tensor(shape: [1], scalars: [1])
        resumed.step()
        #expect(p.value.scalars == [-0.5])

        // A state of several groups has the flag of each; one not started (a group without momentum) stays so.
        let (a, b) = (Parameter<Double>(name: "a", value: Tensor(zeros: [2])), Parameter<Double>(name: "b", value: Tensor(zeros: [2])))
        let grouped = SGD(groups: [ParameterGroup([a]), ParameterGroup([b], momentum: 0)], learningRate: 1, momentum: 0.9)
        grouped.step()
        let groupedState = grouped.exportState()
        #expect(groupedState.scalars["optimizer.momentum_started.0"] == 1 && groupedState.scalars["optimizer.momentum_started.1"] == 0)
        let regrouped = SGD(groups: [ParameterGroup([a]), ParameterGroup([b], momentum: 0)], learningRate: 1, momentum: 0.9)
        try regrouped.restoreState(groupedState)
        #expect(regrouped.exportState() == groupedState)

        // A flag other than 0 or 1 is refused.
        var bad = state
        bad.scalars["optimizer.momentum_started"] = 0.5
        #expect(throws: OptimizerStateError.invalidScalar(key: "optimizer.momentum_started", value: 0.5, expected: "0 or 1")) {
            try SGD(parameters: [p], learningRate: 1, momentum: 0.9, dampening: 0.5).restoreState(bad)
        }
    }

    /// A state without the flags (saved before them, or where the buffers tell): a group whose buffers hold anything
    /// but zeros was started, all its buffers with it.
    @Test func sgdStateWithoutStartedFlagsTellsFromTheBuffers() throws {
        let (a, b) = (Parameter<Double>(name: "a", value: Tensor(zeros: [2])), Parameter<Double>(name: "b", value: Tensor(zeros: [2])))
        let first = SGD(parameters: [a, b], learningRate: 1, momentum: 0.9, dampening: 0.5)
        a.grad = Tensor(shape: [2], scalars: [1, 1])
        first.step()
        var old = first.exportState()
        old.scalars["optimizer.momentum_started"] = nil
        let resumed = SGD(parameters: [a, b], learningRate: 1, momentum: 0.9, dampening: 0.5)
        try resumed.restoreState(old)
        #expect(resumed.exportState() == old)
        // b's buffer, all zeros in a started group, is added to: 0.9·0 + 0.5·2 = 1.
        (a.grad, b.grad) = (Tensor(zeros: [2]), Tensor(shape: [2], scalars: [2, 2]))
        resumed.step()
        #expect(b.value.scalars == [-1, -1])
    }

    @Test func restoringAMismatchedStateThrowsAndChangesNothing() throws {
        let ps = [Parameter<Float>(name: "w", value: Tensor(zeros: [2, 3])), Parameter<Float>(name: "b", value: Tensor(zeros: [3]))]
        let adam = Adam(parameters: ps, learningRate: 0.5)
        for p in ps { p.grad = Tensor(repeating: 1, shape: p.shape) }
        adam.step()
        let good = adam.exportState()

        func expectError(_ expected: OptimizerStateError, _ edit: (inout OptimizerState<Float>) -> Void) {
            var bad = good
            edit(&bad)
            let fresh = Adam(parameters: ps)
            let before = fresh.exportState()
            #expect(throws: expected) { try fresh.restoreState(bad) }
            #expect(fresh.exportState() == before)
        }
        expectError(.missingTensor(key: "optimizer.exp_avg_sq.b")) { $0.tensors["optimizer.exp_avg_sq.b"] = nil }
        expectError(.shapeMismatch(key: "optimizer.exp_avg.w", expected: [2, 3], found: [3, 2])) {
            $0.tensors["optimizer.exp_avg.w"] = Tensor(zeros: [3, 2])
        }
        expectError(.unexpectedTensor(key: "optimizer.max_exp_avg_sq.w")) {
            $0.tensors["optimizer.max_exp_avg_sq.w"] = Tensor(zeros: [2, 3])
        }
        expectError(.nonFiniteTensor(key: "optimizer.exp_avg.w")) {
            $0.tensors["optimizer.exp_avg.w"] = Tensor(shape: [2, 3], scalars: [0, 0, .nan, 0, 0, 0])
        }
        expectError(.negativeTensor(key: "optimizer.exp_avg_sq.w")) {
            $0.tensors["optimizer.exp_avg_sq.w"] = Tensor(shape: [2, 3], scalars: [0, 0, -1e-12, 0, 0, 0])
        }
        expectError(.missingScalar(key: "optimizer.step")) { $0.scalars["optimizer.step"] = nil }
        expectError(.invalidScalar(key: "optimizer.step", value: 1.5, expected: "an integer from 0 to 2^53")) { $0.scalars["optimizer.step"] = 1.5 }
        expectError(.invalidScalar(key: "optimizer.lr", value: -1, expected: "a finite rate ≥ 0")) { $0.scalars["optimizer.lr"] = -1 }

        // Keys outside the optimizer's prefix (model weights in the same checkpoint) are ignored.
        var mixed = good
        mixed.tensors["w"] = Tensor(zeros: [7])
        let fresh = Adam(parameters: ps)
        try fresh.restoreState(mixed)
        #expect(fresh.stepCount == 1 && fresh.groups[0].learningRate == 0.5)
        #expect(OptimizerStateError.shapeMismatch(key: "k", expected: [2], found: [3]).description
                == "optimizer state: tensor 'k' has shape [3], expected [2]")
    }

    @Test func zeroGradClearsEveryGradient() {
        let ps = [Parameter<Float>(name: "a", value: Tensor(zeros: [2])), Parameter<Float>(name: "b", value: Tensor(zeros: [3]))]
        for p in ps { p.grad = Tensor(repeating: 2, shape: p.shape) }
        let opt: any Optimizer<Float> = RMSprop(parameters: ps)
        opt.zeroGrad()
        #expect(ps.allSatisfy { $0.grad.scalars.allSatisfy { $0 == 0 } })
    }
}

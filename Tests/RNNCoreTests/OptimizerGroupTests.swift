import Foundation
import Testing
@testable import RNNCore

/// Parameter groups: what an optimizer made from groups holds, how its groups' rates are set and saved, and which
/// saved states it refuses. (Their updates are compared with PyTorch's in ``OptimizerTests``.)
@Suite struct OptimizerGroupTests {
    /// `w` [2, 3] and `b` [3], as a layer's weight and bias.
    static func parameters() -> (w: Parameter<Float>, b: Parameter<Float>) {
        (Parameter(name: "w", value: Tensor(shape: [2, 3], scalars: [0.5, -1, 2, 0, 0.75, -0.25])),
         Parameter(name: "b", value: Tensor(shape: [3], scalars: [0.1, -0.2, 1.5])))
    }

    /// Every optimizer over `groups`, at rate 0.1 and decay 0.01 where a group gives none.
    static func everyOptimizer(_ groups: [ParameterGroup<Float>]) -> [any Optimizer<Float>] {
        [SGD(groups: groups, learningRate: 0.1, momentum: 0.9, weightDecay: 0.01),
         Adagrad(groups: groups, learningRate: 0.1, weightDecay: 0.01),
         RMSprop(groups: groups, learningRate: 0.1, weightDecay: 0.01, momentum: 0.5, centered: true),
         Adam(groups: groups, learningRate: 0.1, weightDecay: 0.01, amsgrad: true),
         AdamW(groups: groups, learningRate: 0.1, weightDecay: 0.01)]
    }

    /// A group takes the optimizer's rate and decay where it gives none, as a PyTorch group takes `defaults`;
    /// the parameters are the groups', group after group.
    @Test func aGroupTakesTheOptimizersRateAndDecayWhereItGivesNone() {
        let (w, b) = Self.parameters()
        let adamw = AdamW(groups: [ParameterGroup([b], weightDecay: 0), ParameterGroup([w], learningRate: 0.5)], learningRate: 0.1)
        #expect(adamw.parameters.map(\.name) == ["b", "w"])
        #expect(adamw.groups.map(\.indices) == [0..<1, 1..<2] && adamw.groups.map(\.learningRate) == [0.1, 0.5]
                && adamw.groups.map(\.weightDecay) == [0, 0.01] && adamw.groups.allSatisfy { $0.beta1 == 0.9 && $0.momentum == nil })
    }

    /// A list is one group of all its parameters: the same optimizer, state and keys as before groups.
    @Test func aListIsOneGroupWithTheKeysItAlwaysHad() {
        let (w, b) = Self.parameters()
        let lists: [any Optimizer<Float>] = [SGD(parameters: [w, b], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01),
                                             Adagrad(parameters: [w, b], learningRate: 0.1, weightDecay: 0.01),
                                             RMSprop(parameters: [w, b], learningRate: 0.1, weightDecay: 0.01, momentum: 0.5, centered: true),
                                             Adam(parameters: [w, b], learningRate: 0.1, weightDecay: 0.01, amsgrad: true),
                                             AdamW(parameters: [w, b], learningRate: 0.1, weightDecay: 0.01)]
        for (list, group) in zip(lists, Self.everyOptimizer([ParameterGroup([w, b])])) {
            #expect(list.groups.count == 1 && list.groups[0].indices == 0..<2 && list.groups[0].learningRate == 0.1
                    && list.groups[0].weightDecay == 0.01)
            #expect(list.exportState() == group.exportState())
            #expect(list.exportState().scalars == ["optimizer.step": 0, "optimizer.lr": 0.1], "\(type(of: list))")
        }
    }

    /// A rate set on one group is the rate of that group's parameters only: at 0 they stay, the others move.
    @Test func settingOneGroupsRateChangesOnlyItsParameters() {
        let (w, b) = Self.parameters()
        for optimizer in Self.everyOptimizer([ParameterGroup([w]), ParameterGroup([b])]) {
            for p in [w, b] { p.grad = Tensor(repeating: 1, shape: p.shape) }
            optimizer.groups[1].learningRate = 0
            #expect(optimizer.groups.map(\.learningRate) == [0.1, 0])
            let before = (w.value, b.value)
            optimizer.step()
            #expect(w.value != before.0 && b.value == before.1, "\(type(of: optimizer))")
        }
    }

    /// Several groups save each group's rate and size; a file keeps them, and a fresh optimizer of the same groups
    /// restores them.
    @Test func severalGroupsSaveEachRateAndSize() throws {
        let (w, b) = Self.parameters()
        let ps = [w, b, Parameter<Float>(name: "c", value: Tensor(zeros: [2]))]
        for (optimizer, fresh) in zip(Self.everyOptimizer([ParameterGroup([ps[0], ps[2]]), ParameterGroup([ps[1]], learningRate: 0.2)]),
                                      Self.everyOptimizer([ParameterGroup([ps[0], ps[2]]), ParameterGroup([ps[1]], learningRate: 0.2)])) {
            for p in ps { p.grad = Tensor(repeating: 0.5, shape: p.shape) }
            optimizer.step()
            optimizer.groups[0].learningRate = 0.05
            let state = optimizer.exportState()
            #expect(state.scalars == ["optimizer.step": 1, "optimizer.lr.0": 0.05, "optimizer.lr.1": 0.2,
                                      "optimizer.group_size.0": 2, "optimizer.group_size.1": 1], "\(type(of: optimizer))")
            var file = SafetensorsFile(parameters: ps)
            file.store(state)
            try fresh.restoreState(SafetensorsFile(data: file.serialized()).optimizerState())
            #expect(fresh.exportState() == state && fresh.groups == optimizer.groups, "\(type(of: optimizer))")
        }
    }

    /// A state of other groups than the optimizer's (another number, or a group of another size) is refused,
    /// as PyTorch's `load_state_dict` refuses it, and the optimizer is unchanged.
    @Test func aStateOfOtherGroupsIsRefused() throws {
        let (w, b) = Self.parameters()
        let c = Parameter<Float>(name: "c", value: Tensor(zeros: [2]))
        func state(_ groups: [ParameterGroup<Float>]) -> OptimizerState<Float> {
            Adam(groups: groups).exportState()
        }
        func expectRefused(_ saved: OptimizerState<Float>, by groups: [ParameterGroup<Float>], _ expected: OptimizerStateError) {
            let adam = Adam(groups: groups, learningRate: 0.3)
            let before = adam.exportState()
            #expect(throws: expected) { try adam.restoreState(saved) }
            #expect(adam.exportState() == before)
        }
        let list = state([ParameterGroup([w, b, c])]), two = state([ParameterGroup([w, b]), ParameterGroup([c], weightDecay: 0.2)])
        expectRefused(two, by: [ParameterGroup([w, b, c])], .groupCountMismatch(expected: 1, found: 2))
        expectRefused(list, by: [ParameterGroup([w, b]), ParameterGroup([c])], .groupCountMismatch(expected: 2, found: 1))
        expectRefused(two, by: [ParameterGroup([w]), ParameterGroup([b]), ParameterGroup([c])], .groupCountMismatch(expected: 3, found: 2))
        expectRefused(two, by: [ParameterGroup([w]), ParameterGroup([b, c])], .groupSizeMismatch(group: 0, expected: 1, found: 2))
        var missing = two
        missing.scalars["optimizer.group_size.1"] = nil
        expectRefused(missing, by: [ParameterGroup([w, b]), ParameterGroup([c])], .missingScalar(key: "optimizer.group_size.1"))
        #expect("\(OptimizerStateError.groupSizeMismatch(group: 0, expected: 1, found: 2))"
                == "optimizer state: parameter group 0 was saved with 2 parameters, expected 1")
        // The same groups restore, whatever their decays: they take the decays saved with them.
        let sameSizes = Adam(groups: [ParameterGroup([w, b]), ParameterGroup([c])], weightDecay: 0.3)
        try sameSizes.restoreState(two)
        #expect(sameSizes.groups.map(\.weightDecay) == [0, 0.2])
    }

    /// A group's rate stored in a file as text that is not a number names its key.
    @Test func anUnreadableGroupRateNamesItsKey() {
        let (w, b) = Self.parameters()
        var file = SafetensorsFile(parameters: [w, b])
        file.store(SGD(groups: [ParameterGroup([w]), ParameterGroup([b])]).exportState())
        file.metadata["optimizer.lr.1"] = "slow"
        #expect(throws: OptimizerStateError.unreadableScalar(key: "optimizer.lr.1", text: "slow")) {
            try file.optimizerState(as: Float.self)
        }
    }
}

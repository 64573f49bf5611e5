import Testing
import RNNKit
import _TestSupport

/// Mistakes with parameter groups stop with a message naming the group: each test runs its body in a child
/// process and expects it to trap.
@Suite struct OptimizerGroupTrapTests {
    /// A rate set on one group of several is checked as the initializer checks it, and the message names the group.
    @Test func aGroupsRateSetLaterIsChecked() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Parameter<Float>(name: "w", value: Tensor(zeros: [2])), b = Parameter<Float>(name: "b", value: Tensor(zeros: [2]))
            let optimizer = SGD(groups: [ParameterGroup([w]), ParameterGroup([b])], learningRate: 0.1)
            optimizer.groups[1].learningRate = -1
        }
        #expect(trapMessage(result).contains("SGD: the learning rate of group 1 must be a finite number ≥ 0, got -1.0"))
    }

    /// The groups are fixed when the optimizer is made: its state buffers follow them.
    @Test func removingAGroupTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Parameter<Float>(name: "w", value: Tensor(zeros: [2])), b = Parameter<Float>(name: "b", value: Tensor(zeros: [2]))
            let optimizer = Adam(groups: [ParameterGroup([w]), ParameterGroup([b])])
            optimizer.groups.removeLast()
        }
        #expect(trapMessage(result).contains("Adam: the parameter groups and the settings they have are fixed when the optimizer is made; only their values can be set"))
    }

    /// A parameter in two groups would be updated twice per step (PyTorch refuses it too).
    @Test func aParameterInTwoGroupsTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Parameter<Float>(name: "w", value: Tensor(zeros: [2])), b = Parameter<Float>(name: "b", value: Tensor(zeros: [2]))
            _ = AdamW(groups: [ParameterGroup([w, b]), ParameterGroup([b], weightDecay: 0)])
        }
        #expect(trapMessage(result).contains("AdamW: parameter 'b' is in groups 0 and 1; give each parameter one group"))
    }

    /// One parameter listed twice (`lin.parameters + lin.parameters`) says so: it was told to name its layers apart.
    @Test func aParameterListedTwiceTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Parameter<Float>(name: "l.weight", value: Tensor(zeros: [2]))
            _ = SGD(parameters: [w, w], learningRate: 0.1)
        }
        #expect(trapMessage(result).contains("SGD: parameter 'l.weight' is listed twice; list each parameter once"))
    }

    /// A group's own rate or decay is checked as the optimizer's, naming the group.
    @Test func aGroupsNegativeDecayTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Parameter<Float>(name: "w", value: Tensor(zeros: [2])), b = Parameter<Float>(name: "b", value: Tensor(zeros: [2]))
            _ = RMSprop(groups: [ParameterGroup([w]), ParameterGroup([b], weightDecay: -0.5)])
        }
        #expect(trapMessage(result).contains("RMSprop: the weight decay of group 1 must be a finite number ≥ 0, got -0.5"))
    }

    /// A schedule made for an optimizer of one group, applied to one of two: it has no base rate for the second.
    @Test func aScheduleOfOtherGroupsTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Parameter<Float>(name: "w", value: Tensor(zeros: [2])), b = Parameter<Float>(name: "b", value: Tensor(zeros: [2]))
            var schedule = ExponentialDecay(for: Adagrad(parameters: [w, b]), gamma: 0.5)
            schedule.apply(to: Adagrad(groups: [ParameterGroup([w]), ParameterGroup([b])]))
        }
        #expect(trapMessage(result).contains("ExponentialDecay: made for an optimizer of 1 parameter groups, applied to one of 2"))
    }
}

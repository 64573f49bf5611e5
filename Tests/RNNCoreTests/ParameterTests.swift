import Testing
@testable import RNNCore

/// A parameter keeps its shape (see MisuseTrapTests for the traps), and its value changes in place without a copy.
@Suite struct ParameterTests {
    /// The address of the value's elements: the same after a change only when nothing was copied.
    private func storage(_ p: Parameter<Float>) -> UnsafeRawPointer? { p.value.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }

    /// An optimizer's step (inside RNNCore) and changes made here, in another module (an element set, a training loop's
    /// own update), leave the value's storage where it was: checking the shape copies nothing.
    @Test func changesInPlaceCopyNothing() {
        let p = Parameter<Float>(name: "w", value: Tensor(repeating: 1, shape: [8, 16]))
        let before = storage(p)
        p.grad = Tensor(repeating: 0.5, shape: [8, 16])
        let adam = Adam(parameters: [p], learningRate: 0.1)
        adam.step()
        #expect(storage(p) == before)
        #expect(p.value.scalars.allSatisfy { abs($0 - 0.9) < 1e-6 }, "\(p.value.scalars.prefix(3))")
        SGD(parameters: [p], learningRate: 0.1).step()
        #expect(storage(p) == before)
        p.value[flat: 3] = 2
        p.value.add(p.grad, scaledBy: -0.1)
        #expect(storage(p) == before && abs(p.value[flat: 3] - 1.95) < 1e-6)
    }

    /// A training loop of its own may change the value and the gradient in place together, one inside the other's
    /// update (a fused step that zeroes the gradient as it goes): checking the shape when either change ends must not
    /// read the other while it is being changed, which Swift stops as a conflicting access.
    @Test func theValueAndTheGradientChangeInPlaceTogether() async {
        await #expect(processExitsWith: .success) {
            let p = Parameter<Float>(name: "w", value: Tensor(repeating: 1, shape: [2, 2]))
            p.grad = Tensor(repeating: 0.5, shape: [2, 2])
            p.value.withUnsafeMutableBufferPointer { w in
                p.grad.withUnsafeMutableBufferPointer { g in
                    for i in w.indices { w[i] -= g[i]; g[i] = 0 }
                }
            }
            p.grad.withUnsafeMutableBufferPointer { g in
                p.value.withUnsafeMutableBufferPointer { w in
                    for i in w.indices { g[i] = w[i]; w[i] = 0 }
                }
            }
            swap(&p.value, &p.grad)
            precondition(p.value.scalars == [0.5, 0.5, 0.5, 0.5] && p.grad.scalars == [0, 0, 0, 0] && p.shape == [2, 2])
        }
    }

    /// A value or gradient of the parameter's shape replaces the old one.
    @Test func aTensorOfTheSameShapeIsSet() {
        let p = Parameter<Double>(name: "w", value: Tensor(zeros: [2, 3]))
        p.value = Tensor(repeating: 2, shape: [2, 3])
        p.grad = Tensor(repeating: 1, shape: [2, 3])
        #expect(p.value.scalars == Array(repeating: 2, count: 6) && p.grad.scalars == Array(repeating: 1, count: 6) && p.shape == [2, 3])
    }
}

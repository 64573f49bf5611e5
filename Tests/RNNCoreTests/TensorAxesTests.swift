import RNNCore
import Testing

/// `Tensor.sliced(axis:_:)`, `Tensor.concat(_:axis:)` and `Tensor.argmaxLastAxis()`, the axis ops outside a tape.
@Suite struct TensorAxesTests {
    /// x [2, 3, 2] holding 0..<12 in row-major order.
    let x = Tensor<Float>(shape: [2, 3, 2], scalars: (0..<12).map(Float.init))

    @Test func slicesEveryAxis() {
        #expect(x.sliced(axis: 0, 1..<2).shape == [1, 3, 2])
        #expect(x.sliced(axis: 0, 1..<2).scalars == [6, 7, 8, 9, 10, 11])
        #expect(x.sliced(axis: 1, 1..<3).scalars == [2, 3, 4, 5, 8, 9, 10, 11])
        #expect(x.sliced(axis: -1, 1..<2).shape == [2, 3, 1])
        #expect(x.sliced(axis: -1, 1..<2).scalars == [1, 3, 5, 7, 9, 11])
        #expect(x.sliced(axis: 1, 2..<2).shape == [2, 0, 2])
    }

    /// `logits.argmax(dim=-1)`: one index per row of the last axis, the first of equal maxima, a NaN the largest.
    @Test func argmaxIndexesTheLargestOfEachRow() {
        let logits = Tensor<Float>(shape: [2, 2, 3], scalars: [0.1, 2, -1,   5, 5, 1,   -3, -2, -2.5,   1, .nan, 9])
        #expect(logits.argmaxLastAxis() == [1, 0, 1, 1])
        #expect(x.argmaxLastAxis() == [1, 1, 1, 1, 1, 1])
        #expect(Tensor<Double>(shape: [0, 4], scalars: []).argmaxLastAxis() == [])
        #expect(Tensor<Double>(7).argmaxLastAxis() == [0])
    }

    @Test func concatUndoesASplit() {
        for axis in [0, 1, 2, -1] {
            let d = x.shape[axis < 0 ? axis + 3 : axis]
            let parts = [x.sliced(axis: axis, 0..<1), x.sliced(axis: axis, 1..<d)]
            let joined = Tensor.concat(parts, axis: axis)
            #expect(joined.shape == x.shape)
            #expect(joined.scalars == x.scalars)
        }
        #expect(Tensor.concat([x.sliced(axis: 1, 0..<1), x.sliced(axis: 1, 0..<1)], axis: 1).scalars == [0, 1, 0, 1, 6, 7, 6, 7])
    }

    @Test func variableOpsGiveTheSameValues() {
        let tape = Tape<Float>(recording: false)
        let v = tape.constant(x)
        #expect(v.sliced(axis: 1, 1..<3).value.scalars == x.sliced(axis: 1, 1..<3).scalars)
        let c = Variable.concat([v, v.sliced(axis: 2, 0..<1)], axis: 2)
        #expect(c.value.shape == [2, 3, 3])
        #expect(c.value.scalars == Tensor.concat([x, x.sliced(axis: 2, 0..<1)], axis: 2).scalars)
    }
}

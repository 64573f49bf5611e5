import Testing
@testable import RNNKit

/// A univariate input's projection is an outer product formed in one pass; it must give exactly what the GEMM
/// followed by the bias gives, signed zeros included.
@Suite struct InputProjectionTests {
    @Test(arguments: [true, false])
    func outerProductMatchesTheGEMMBitForBit(bias: Bool) {
        var generator = SeededGenerator(seed: 3)
        // x [2, 5, 1] with zeros (a window's last input is exactly 0), weights [13, 1] with zeros and negatives.
        var x: [Float] = (0..<10).map { _ in generator.uniform(-2, 2) }
        x[4] = 0
        x[9] = -0.0
        var w: [Float] = (0..<13).map { _ in generator.uniform(-1, 1) }
        w[0] = 0
        w[1] = -0.0
        var b: [Float] = (0..<13).map { _ in generator.uniform(-1, 1) }
        b[0] = -0.0
        b[1] = 0
        b[2] = -0.0
        let input = Tensor(shape: [2, 5, 1], scalars: x), weight = Tensor(shape: [13, 1], scalars: w), row = Tensor(shape: [13], scalars: b)
        let tape = Tape<Float>(recording: false)
        let projected = SequenceInput.dense(tape.constant(input)).project(weight, bias: bias ? row : nil)
        var expected = Tensor.matmul(input.reshaped([10, 1]), weight, transposeB: true)
        if bias { expected.addRow(row) }
        #expect(projected.shape == [10, 13])
        #expect(projected.scalars.map(\.bitPattern) == expected.scalars.map(\.bitPattern))
    }
}

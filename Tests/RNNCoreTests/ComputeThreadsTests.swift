import Testing
@testable import RNNCore

/// Large products split across compute threads give the single-thread result.
@Suite(.serialized) struct ComputeThreadsTests {
    @Test(arguments: [false, true], [false, true])
    func splitProductsMatchOneThread(transposeA: Bool, transposeB: Bool) {
        // 128·96·100 multiply-adds: above the split threshold. M = 128 splits rows;
        // the [4, ...] case (M too small) splits columns.
        for (m, n, k) in [(128, 96, 100), (4, 2048, 160)] {
            var g = SeededGenerator(seed: 3)
            let a = Tensor<Double>(shape: transposeA ? [k, m] : [m, k], scalars: (0..<(m * k)).map { _ in g.uniform(-1, 1) })
            let b = Tensor<Double>(shape: transposeB ? [n, k] : [k, n], scalars: (0..<(k * n)).map { _ in g.uniform(-1, 1) })
            #expect(m * n * k >= parallelGEMMThreshold)
            let saved = computeThreads
            defer { setComputeThreads(saved) }
            setComputeThreads(1)
            let one = Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
            setComputeThreads(2)
            let two = Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
            #expect(one.shape == two.shape)
            #expect(zip(one.scalars, two.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
        }
    }
}

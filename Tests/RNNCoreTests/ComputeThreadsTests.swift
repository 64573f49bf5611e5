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

    /// Column sums, row broadcasts and optimizer updates above 2^16 elements
    /// split across threads into disjoint blocks: the results are identical.
    @Test func splitElementwisePassesMatchOneThread() {
        var g = SeededGenerator(seed: 5)
        let x = Tensor<Double>(shape: [300, 257], scalars: (0..<(300 * 257)).map { _ in g.uniform(-1, 1) })
        let row = Tensor<Double>(shape: [257], scalars: (0..<257).map { _ in g.uniform(-1, 1) })
        let grads = (0..<3).map { _ in Tensor<Double>(shape: [300, 257], scalars: (0..<(300 * 257)).map { _ in g.uniform(-1, 1) }) }
        let saved = computeThreads
        defer { setComputeThreads(saved) }
        var results: [[Double]] = []
        for threads in [1, 2] {
            setComputeThreads(threads)
            #expect(RowBlocks(rows: 300, cols: 257).count == threads)
            let p = Parameter(name: "w", value: x)
            let adam = Adam(parameters: [p], learningRate: 0.01, amsgrad: true)
            for grad in grads {
                p.grad = grad
                adam.step()
            }
            results.append(x.sumRows().scalars + x.addingRow(row).scalars + p.value.scalars)
        }
        #expect(results[0] == results[1])
    }

    /// Inside `serially` and in each body of `concurrentMap` the work runs in one piece: a product that 3 threads
    /// would split comes out bit for bit as on one thread. Outside, the count is as set.
    @Test func seriallyAndConcurrentMapComputeInOnePiece() {
        var g = SeededGenerator(seed: 7)
        let a = Tensor<Double>(shape: [128, 100], scalars: (0..<12_800).map { _ in g.uniform(-1, 1) })
        let b = Tensor<Double>(shape: [100, 96], scalars: (0..<9_600).map { _ in g.uniform(-1, 1) })
        let saved = computeThreads
        defer { setComputeThreads(saved) }
        setComputeThreads(1)
        let one = Tensor.matmul(a, b).scalars
        setComputeThreads(3)
        #expect(computeThreads == 3)
        serially {
            #expect(computeThreads == 1)
            serially { #expect(computeThreads == 1) }
            #expect(computeThreads == 1)
            #expect(Tensor.matmul(a, b).scalars == one)
        }
        #expect(computeThreads == 3)
        let inside = concurrentMap(4) { _ in (threads: computeThreads, product: Tensor.matmul(a, b).scalars) }
        #expect(inside.allSatisfy { $0.threads == 1 && $0.product == one })
        #expect(concurrentMap(1) { _ in computeThreads } == [1])
        #expect(computeThreads == 3)
    }
}

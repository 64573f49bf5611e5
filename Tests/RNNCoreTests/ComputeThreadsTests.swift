import Foundation
import Testing
@testable import RNNCore

/// Large products split across compute threads give the single-thread result. Each test picks its counts with
/// `withComputeThreads`, for its own thread only, so suites running side by side never see each other's.
@Suite struct ComputeThreadsTests {
    @Test(arguments: [false, true], [false, true])
    func splitProductsMatchOneThread(transposeA: Bool, transposeB: Bool) {
        // 128·96·100 multiply-adds: above the split threshold. M = 128 splits rows;
        // the [4, ...] case (M too small) splits columns.
        for (m, n, k) in [(128, 96, 100), (4, 2048, 160)] {
            var g = SeededGenerator(seed: 3)
            let a = Tensor<Double>(shape: transposeA ? [k, m] : [m, k], scalars: (0..<(m * k)).map { _ in g.uniform(-1, 1) })
            let b = Tensor<Double>(shape: transposeB ? [n, k] : [k, n], scalars: (0..<(k * n)).map { _ in g.uniform(-1, 1) })
            #expect(m * n * k >= parallelGEMMThreshold)
            let one = withComputeThreads(1) { Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB) }
            let two = withComputeThreads(2) { Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB) }
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
        let results = [1, 2].map { threads in
            withComputeThreads(threads) {
                #expect(RowBlocks(rows: 300, cols: 257).count == threads)
                let p = Parameter(name: "w", value: x)
                let adam = Adam(parameters: [p], learningRate: 0.01, amsgrad: true)
                for grad in grads {
                    p.grad = grad
                    adam.step()
                }
                return x.sumRows().scalars + x.addingRow(row).scalars + p.value.scalars
            }
        }
        #expect(results[0] == results[1])
    }

    /// `withComputeThreads` sets the count seen inside it, clamped as `setComputeThreads` clamps it, and
    /// restores the outer one after, nested or thrown out of.
    @Test func theCountInsideNestsAndIsRestored() {
        let outside = computeThreads
        withComputeThreads(3) {
            #expect(computeThreads == 3)
            withComputeThreads(1) {
                #expect(computeThreads == 1)
                withComputeThreads(2) { #expect(computeThreads == 2) }
                #expect(computeThreads == 1)
            }
            #expect(computeThreads == 3)
            #expect(throws: CancellationError.self) { try withComputeThreads(5) { throw CancellationError() } }
            #expect(computeThreads == 3)
            #expect(withComputeThreads(0) { computeThreads } == 1)
            #expect(withComputeThreads(-7) { computeThreads } == 1)
            #expect(withComputeThreads(.max) { computeThreads } == computeThreadLimit)
        }
        #expect(computeThreads == outside)
    }

    /// The count is the calling thread's: a thread started inside `withComputeThreads` sees the process-wide one.
    @Test func anotherThreadDoesNotSeeTheCount() {
        let outside = computeThreads
        let seen = withComputeThreads(outside + 2) {
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var other = 0
            let thread = Thread {
                other = computeThreads
                done.signal()
            }
            thread.start()
            done.wait()
            return (here: computeThreads, other: other)
        }
        #expect(seen.here == outside + 2 && seen.other == outside)
    }

    /// A product inside `withComputeThreads(2)` splits, and rounds, as under a process-wide 2. Run in a child
    /// process, the only place where a test may change the process-wide count without racing other suites.
    @Test func theCountInsideSplitsAsTheProcessWideOne() async {
        await #expect(processExitsWith: .success) {
            var g = SeededGenerator(seed: 11)
            for (m, n, k) in [(128, 96, 100), (4, 2048, 160)] {
                let a = Tensor<Float>(shape: [m, k], scalars: (0..<(m * k)).map { _ in g.uniform(-1, 1) })
                let b = Tensor<Float>(shape: [k, n], scalars: (0..<(k * n)).map { _ in g.uniform(-1, 1) })
                setComputeThreads(2)
                let processWide = (blocks: RowBlocks(rows: 300, cols: 257).count, product: Tensor.matmul(a, b).scalars)
                setComputeThreads(1)
                let inside = withComputeThreads(2) { (blocks: RowBlocks(rows: 300, cols: 257).count, product: Tensor.matmul(a, b).scalars) }
                precondition(computeThreads == 1 && processWide.blocks == 2, "the process-wide count was not 2, then 1")
                precondition(inside.blocks == 2 && inside.product == processWide.product, "[\(m), \(n), \(k)]: not split as under 2")
            }
        }
    }

    /// In each body of `concurrentMap` the work runs in one piece: a product that 3 threads would split comes
    /// out bit for bit as on one thread.
    @Test func concurrentMapComputesInOnePiece() {
        var g = SeededGenerator(seed: 7)
        let a = Tensor<Double>(shape: [128, 100], scalars: (0..<12_800).map { _ in g.uniform(-1, 1) })
        let b = Tensor<Double>(shape: [100, 96], scalars: (0..<9_600).map { _ in g.uniform(-1, 1) })
        let one = withComputeThreads(1) { Tensor.matmul(a, b).scalars }
        withComputeThreads(3) {
            let inside = concurrentMap(4) { _ in (threads: computeThreads, product: Tensor.matmul(a, b).scalars) }
            #expect(inside.allSatisfy { $0.threads == 1 && $0.product == one })
            #expect(concurrentMap(1) { _ in computeThreads } == [1])
            #expect(computeThreads == 3)
        }
    }
}

import Foundation
import Synchronization
import Testing
@testable import RNNKit

/// How a recurrent layer's time loops are handed to the compute threads: every group of samples runs every
/// step once, its chunks in order and never two at once, whichever thread takes them.
@Suite struct SampleChunksTests {
    @Test(arguments: [(batch: 16, steps: 37, threads: 2), (batch: 16, steps: 37, threads: 3), (batch: 9, steps: 5, threads: 2),
                      (batch: 32, steps: 100, threads: 4), (batch: 7, steps: 3, threads: 2), (batch: 16, steps: 1, threads: 2)])
    func everyGroupRunsItsStepsInOrderAndOneChunkAtATime(batch: Int, steps: Int, threads: Int) {
        let log = ChunkLog()
        let chunks = withComputeThreads(threads) { SampleChunks(batch: batch, steps: steps, weightBytes: 4096) }
        withComputeThreads(threads) {
            chunks.concurrentForEach { rows, positions in
                log.enter(rows, positions)
                // The first group's first chunk runs long: meanwhile the other threads take every other group
                // past it, and must still leave it to the thread that holds it.
                usleep(rows.lowerBound == 0 && positions.lowerBound == 0 ? 20_000 : 100)
                log.leave(rows)
            }
        }
        let (runs, overlaps) = log.result()
        #expect(overlaps == 0, "a group ran two chunks at once")
        let perThread = 4096 <= coreCacheBytes / 2 ? 2 : 1
        let expectedGroups = batch < 8 ? 1 : min(perThread * threads, batch / 4)
        #expect(runs.count == expectedGroups)
        #expect(runs.keys.flatMap { Array($0) }.sorted() == Array(0..<batch), "the groups are not a partition of the batch")
        for (rows, positions) in runs {
            #expect(positions == Array(0..<steps), "samples \(rows): steps \(positions)")
        }
    }

    /// Where the packed product runs short blocks slower (the AVX2 kernels: 4 rows at 4/5 the speed of 5 or 6), a
    /// group keeps at least `fewestRowsPerGroup` samples: a batch of 32 on 2 threads makes 3 groups, not 4 of 8; a
    /// batch of 16, too small for more than one such group per thread, keeps one per thread.
    @Test func groupsKeepTheRowsTheProductRunsAtFullSpeed() {
        let finer = 4096 <= coreCacheBytes / 2
        let batch32 = withComputeThreads(2) { SampleChunks(batch: 32, steps: 10, weightBytes: 4096, fewestRowsPerGroup: 10) }
        #expect((0..<batch32.groups.count).map { batch32.groups[$0].count } == (finer ? [10, 11, 11] : [16, 16]))
        let batch16 = withComputeThreads(2) { SampleChunks(batch: 16, steps: 10, weightBytes: 4096, fewestRowsPerGroup: 10) }
        #expect((0..<batch16.groups.count).map { batch16.groups[$0].count } == [8, 8])
        let byDefault = withComputeThreads(2) { SampleChunks(batch: 32, steps: 10, weightBytes: 4096) }
        #expect(byDefault.groups.count == (finer ? 4 : 2))
    }

    /// Recurrent weights too large for half a core's L2 cache keep one group of samples per thread.
    @Test func weightsLargerThanTheCacheKeepOneGroupPerThread() {
        let large = withComputeThreads(2) { SampleChunks(batch: 32, steps: 10, weightBytes: 1 << 40) }
        #expect(large.groups.count == 2)
        let lstmM = withComputeThreads(2) { SampleChunks(batch: 32, steps: 100, weightBytes: 1024 * 256 * 4) }
        #expect(lstmM.groups.count == (1024 * 256 * 4 <= coreCacheBytes / 2 ? 4 : 2))
    }
}

/// What the chunks ran: each group's positions in the order they ran, and how often a group was entered while running.
private final class ChunkLog: Sendable {
    private struct State {
        var positions: [Range<Int>: [Int]] = [:]
        var running: Set<Range<Int>> = []
        var overlaps = 0
    }
    private let state = Mutex(State())

    func enter(_ rows: Range<Int>, _ positions: Range<Int>) {
        state.withLock { s in
            if !s.running.insert(rows).inserted { s.overlaps += 1 }
            s.positions[rows, default: []] += Array(positions)
        }
    }

    func leave(_ rows: Range<Int>) {
        _ = state.withLock { $0.running.remove(rows) }
    }

    func result() -> (runs: [Range<Int>: [Int]], overlaps: Int) {
        state.withLock { ($0.positions, $0.overlaps) }
    }
}

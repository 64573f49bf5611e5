#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RNNCore
import Synchronization

/// The time loops of a recurrent layer's samples, spread over the compute threads as the threads come free.
///
/// The samples of a layer are independent, so each group of samples can run its own time loop. With one group
/// per thread, a thread that ran slower for a while (the machine's other work, its vCPU's host) kept the others
/// waiting at the end of every loop (BENCHMARKS.md, "Threads"). So the batch is cut into two groups per compute
/// thread, or fewer where that would leave a group too few rows for the packed product's full speed
/// (``PreparedRight/fewestRowsPerGroup``: a batch of 32 on 2 threads makes 3 groups of 10 or 11 on the AVX2 kernels),
/// each group's loop into about 16 chunks of steps, and a thread that finishes a chunk takes the next chunk of the
/// group furthest behind that no thread holds. A group's chunks run in order, one at a time: its state (its rows
/// of h, c and dh) carries from one chunk to the next in the layer's buffers. Each row's products and gate kernels
/// are the same whatever group it is in, so on the packed weights what the loops compute does not depend on the
/// number of threads, bit for bit.
///
/// Every group reads the recurrent weights once per step, so twice the groups read them twice as often: that is
/// free while they stay in a core's L2 cache, and not once they come from further out (lstm-l's 4 MiB W_hh on a
/// 2 MiB L2 ran its loops 1-4% slower in four groups than in two). Weights larger than half the L2 (or any, when
/// the system does not tell its size) keep one group per thread.
struct SampleChunks {
    /// The groups of samples.
    let groups: RowBlocks
    /// The loop's positions (0..<T; a backward loop maps position i to step T - 1 - i).
    let positions: Int
    /// The positions in one chunk (the last chunk may be shorter).
    let chunkLength: Int

    /// Chunks of a loop over `steps` positions for `batch` samples, for ``computeThreads``.
    /// - Parameters:
    ///   - weightBytes: the size of the weights every step multiplies by (W_hh, and W_hr with a projection).
    ///   - fewestRowsPerGroup: the fewest samples a group takes when there are more groups than threads.
    init(batch: Int, steps: Int, weightBytes: Int, fewestRowsPerGroup: Int = 4) {
        // A second group per thread only helps where there is another thread to take its chunks.
        let finer = computeThreads > 1 && weightBytes <= coreCacheBytes / 2
        let onePerThread = RowBlocks(rows: batch, minimumRows: 4)
        // Up to two groups per thread, none with fewer rows than the product runs at full speed.
        let upToTwoPerThread = RowBlocks(rows: batch, minimumRows: Swift.max(4, fewestRowsPerGroup), perThread: 2)
        groups = finer && upToTwoPerThread.count > onePerThread.count ? upToTwoPerThread : onePerThread
        positions = steps
        chunkLength = Swift.max(1, (steps + 15) / 16)
    }

    /// Chunks for a loop whose steps multiply by `weightHH` and, with a projection, `weightHR`.
    init<Scalar>(batch: Int, steps: Int, weightHH: PreparedRight<Scalar>, weightHR: PreparedRight<Scalar>?) {
        let elements = weightHH.k * weightHH.n + (weightHR.map { $0.k * $0.n } ?? 0)
        self.init(batch: batch, steps: steps, weightBytes: elements * MemoryLayout<Scalar>.size,
                  fewestRowsPerGroup: weightHH.fewestRowsPerGroup)
    }

    /// Runs `body(rows, positions)` for every group and chunk, each group's chunks in order and one at a time,
    /// on up to ``computeThreads`` threads (on this one when there is one group).
    func concurrentForEach(_ body: @Sendable (_ rows: Range<Int>, _ positions: Range<Int>) -> Void) {
        guard groups.count > 1 else { return body(groups[0], 0..<positions) }
        let chunks = (positions + chunkLength - 1) / chunkLength
        let claims = ChunkClaims(groups: groups.count, chunks: chunks)
        RNNCore.concurrentForEach(Swift.min(computeThreads, groups.count)) { _ in
            var released: Int? = nil
            while let (group, chunk) = claims.next(releasing: released) {
                body(groups[group], (chunk * chunkLength)..<Swift.min(positions, (chunk + 1) * chunkLength))
                released = group
            }
        }
    }
}

/// Which chunk of which group runs next: the next chunk of the group with the fewest chunks started that
/// no thread holds (the one just released on a tie, whose rows are in this thread's cache, else the first).
private final class ChunkClaims: Sendable {
    private struct Progress {
        var started: [Int]
        var held: [Bool]
    }
    private let progress: Mutex<Progress>
    private let chunks: Int

    init(groups: Int, chunks: Int) {
        progress = Mutex(Progress(started: Array(repeating: 0, count: groups), held: Array(repeating: false, count: groups)))
        self.chunks = chunks
    }

    /// Releases group `released` (the caller's last, nil at first) and claims the next (group, chunk), or nil
    /// when every group not held by another thread is done.
    func next(releasing released: Int?) -> (group: Int, chunk: Int)? {
        progress.withLock { p in
            if let released { p.held[released] = false }
            var best: Int? = nil
            for g in p.started.indices where !p.held[g] && p.started[g] < chunks {
                if let b = best, !(p.started[g] < p.started[b] || (p.started[g] == p.started[b] && g == released)) { continue }
                best = g
            }
            guard let g = best else { return nil }
            p.held[g] = true
            p.started[g] += 1
            return (g, p.started[g] - 1)
        }
    }
}

/// The size of one core's L2 cache in bytes, 0 when the system does not tell.
let coreCacheBytes: Int = {
    #if os(Linux)
    Swift.max(0, sysconf(Int32(_SC_LEVEL2_CACHE_SIZE)))
    #else
    0
    #endif
}()

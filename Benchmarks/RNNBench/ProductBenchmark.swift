import Dispatch
import RNNKit

/// One line of `rnn-bench --products`: the throughput of one per-step product alone.
struct ProductLine: JSONLine {
    var name: String
    var impl = "rnnkit"
    /// `forward` (h [rows, H] · W_hh as [H, G·H]) or `backward` (the gate gradients [rows, G·H] · W_hh [G·H, H]).
    var product: String
    var threads: Int
    /// The rows each thread's products take: the batch split evenly across the threads.
    var rows_per_thread: Int
    var k: Int
    var n: Int
    /// The packed W_hh every thread reads, in MiB.
    var weights_mib: Double
    var gflop_per_s: Double
}

/// Times a workload's per-step recurrent products on their own, in the shapes the time loops give them: W_hh packed
/// once (``PreparedRight``; [H, G·H] forward, [G·H, H] backward) and shared, each of `threads` threads multiplying its
/// own rows (batch / threads of them, into a C of its own, contiguous) by it over and over for `seconds`. The figure is
/// all threads' floating-point operations over the wall time; set against the same command with `--threads 1`, it
/// shows what a second thread can gain on the product alone, apart from the rest of a training step.
func benchmarkProducts(_ w: Workloads.Train, threads: Int, seconds: Double) -> [ProductLine] {
    let (H, GH) = (w.hidden, w.cell.gates * w.hidden)
    let rows = max(1, w.batch / threads)
    return [("forward", H, GH), ("backward", GH, H)].map { product, k, n in
        var g = SeededGenerator(seed: 0)
        let weights = (0..<(k * n)).map { _ in g.uniform(Float(-0.05), 0.05) }
        let inputs = (0..<threads).map { _ in (0..<(rows * k)).map { _ in g.uniform(Float(-1), 1) } }
        var flops = 0.0, elapsed = 0.0
        weights.withUnsafeBufferPointer { b in
            Float.withPreparedRight(b.baseAddress!, ldb: n, transposed: false, k: k, n: n) { right in
                let start = DispatchTime.now().uptimeNanoseconds
                let deadline = start + UInt64(seconds * 1e9)
                // One body per thread (concurrentMap runs them on `threads` threads at once, as rnn-bench sets them).
                let counts = concurrentMap(threads) { t in
                    var c = [Float](repeating: 0, count: rows * n)
                    var count = 0
                    inputs[t].withUnsafeBufferPointer { a in
                        c.withUnsafeMutableBufferPointer { c in
                            repeat {
                                for _ in 0..<8 {
                                    Float.gemm(m: rows, a: a.baseAddress!, lda: k, right: right, accumulate: false, c: c.baseAddress!, ldc: n)
                                }
                                count += 8
                            } while DispatchTime.now().uptimeNanoseconds < deadline
                        }
                    }
                    return count
                }
                elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                flops = 2 * Double(rows * k * n) * Double(counts.reduce(0, +))
            }
        }
        return ProductLine(name: w.name, product: product, threads: threads, rows_per_thread: rows, k: k, n: n,
                           weights_mib: Double(k * n * 4) / 1_048_576, gflop_per_s: flops / elapsed / 1e9)
    }
}

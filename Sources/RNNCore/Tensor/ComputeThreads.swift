import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Requirements

/// Sets how many threads RNNKit computes with, for the whole process (default 1).
///
/// RNNKit does its own threading and keeps OpenBLAS single-threaded: large
/// products (``Tensor/gemm(_:transposeA:_:transposeB:into:alpha:beta:)``) are
/// split into row or column blocks, one per thread, and a recurrent layer's
/// time loop splits its batch across threads. Two thread pools on the same
/// cores (OpenBLAS's spinning workers and ours) would only steal time from
/// each other. The setting is process-wide: set it once, before training;
/// ``withComputeThreads(_:_:)`` sets a count for one piece of work on one thread.
/// - Parameter count: clamped to 1...``computeThreadLimit``.
public func setComputeThreads(_ count: Int) {
    threadCount.store(clampedComputeThreads(count), ordering: .relaxed)
}

/// The most threads ``setComputeThreads(_:)`` takes (far more than any split uses well,
/// and small enough that block bounds such as `p * m` cannot overflow).
public let computeThreadLimit = 1024

/// The number of threads work started on this thread splits into: the count of the innermost
/// ``withComputeThreads(_:_:)`` running on this thread, else the one set by ``setComputeThreads(_:)``.
///
/// Every split is decided on the thread that starts the work, from this count read there once; the
/// threads that take the blocks read nothing.
public var computeThreads: Int {
    guard let local = pthread_getspecific(localCountKey) else { return threadCount.load(ordering: .relaxed) }
    return Int(bitPattern: local)
}

private let threadCount = Atomic<Int>(1)

private func clampedComputeThreads(_ count: Int) -> Int {
    Swift.min(Swift.max(1, count), computeThreadLimit)
}

/// Runs `body` on this thread with ``computeThreads`` at `count`, whatever ``setComputeThreads(_:)`` says,
/// and restores the count it had after (nested calls nest). Only work started on this thread sees it:
/// other threads keep their own count, so code (and tests) can pick a count without changing it for
/// the rest of the process.
///
/// At 1, every product and recurrent layer in `body` runs in one piece: its floating-point results are
/// then the same whatever the process-wide count (splitting a product into blocks can round differently).
/// - Parameters:
///   - count: clamped to 1...``computeThreadLimit``, as ``setComputeThreads(_:)`` clamps it.
///   - body: runs synchronously on this thread.
public func withComputeThreads<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
    let outer = pthread_getspecific(localCountKey)
    pthread_setspecific(localCountKey, UnsafeRawPointer(bitPattern: clampedComputeThreads(count)))
    defer { pthread_setspecific(localCountKey, outer) }
    return try body()
}

/// This thread's count inside ``withComputeThreads(_:_:)`` (as a pointer's bit pattern, never 0), nil outside.
private let localCountKey: pthread_key_t = {
    var key = pthread_key_t()
    require(pthread_key_create(&key, nil) == 0, "withComputeThreads: no thread-specific key left")
    return key
}()

/// Runs `body(k)` for k in 0..<count, concurrently when count > 1. `body`
/// must only write memory that no other k touches.
public func concurrentForEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
    if count <= 1 {
        if count == 1 { body(0) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
}

/// `body(k)` for k in 0..<count, on up to ``computeThreads`` threads at once (with n = min(``computeThreads``, count)
/// threads, thread w takes k = w, w + n, …), returned in order of k. Each `body(k)` runs in one piece
/// (``withComputeThreads(_:_:)`` at 1), so when it depends only on k, the result is the same, bit for bit,
/// for any number of threads. `body` must be safe to run concurrently with itself: it may read shared
/// values but must write only what it creates.
public func concurrentMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    let workers = Swift.min(computeThreads, count)
    guard workers > 1 else { return withComputeThreads(1) { (0..<count).map(body) } }
    return withoutActuallyEscaping(body) { body in
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { slots in
            let shared = UncheckedSendable(value: (body: body, slots: slots))
            concurrentForEach(workers) { w in
                withComputeThreads(1) {
                    for k in stride(from: w, to: count, by: workers) { shared.value.slots[k] = shared.value.body(k) }
                }
            }
        }
        return results.map { $0! }
    }
}

/// The products worth splitting: below this many multiply-adds a second
/// thread costs more than it saves.
let parallelGEMMThreshold = 1 << 20

extension Tensor {
    /// `c = alpha · op(a) · op(b) + beta · c` on raw pointers, split into blocks
    /// of rows (or of columns when M is small) across ``computeThreads``.
    /// Shapes and leading dimensions as for ``TensorScalar/gemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
    static func parallelGEMM(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                             alpha: Scalar, a: UnsafePointer<Scalar>, lda: Int,
                             b: UnsafePointer<Scalar>, ldb: Int,
                             beta: Scalar, c: UnsafeMutablePointer<Scalar>, ldc: Int) {
        let threads = computeThreads
        let splitRows = m >= 16 * threads
        let parts = threads > 1 && m * n * k >= parallelGEMMThreshold && (splitRows || n >= 16 * threads) ? threads : 1
        let pointers = UncheckedSendable(value: (a: a, b: b, c: c))
        concurrentForEach(parts) { p in
            if splitRows {
                let (lo, hi) = (p * m / parts, (p + 1) * m / parts)
                // Rows lo..<hi of op(A): row offset of A, or column offset of a transposed A.
                let aBlock = pointers.value.a + (transA ? lo : lo * lda)
                Scalar.gemm(transA: transA, transB: transB, m: hi - lo, n: n, k: k, alpha: alpha, a: aBlock, lda: lda,
                            b: pointers.value.b, ldb: ldb, beta: beta, c: pointers.value.c + lo * ldc, ldc: ldc)
            } else {
                let (lo, hi) = (p * n / parts, (p + 1) * n / parts)
                // Columns lo..<hi of op(B): column offset of B, or row offset of a transposed B.
                let bBlock = pointers.value.b + (transB ? lo * ldb : lo)
                Scalar.gemm(transA: transA, transB: transB, m: m, n: hi - lo, k: k, alpha: alpha, a: pointers.value.a, lda: lda,
                            b: bBlock, ldb: ldb, beta: beta, c: pointers.value.c + lo, ldc: ldc)
            }
        }
    }
}

/// A value handed to the threads of ``concurrentForEach``, which touch
/// disjoint parts of what it points to.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// Rows split into one contiguous block per compute thread, or a single
/// block when the work is too small to be worth splitting.
public struct RowBlocks: Sendable {
    /// The number of blocks.
    public let count: Int
    private let rows: Int

    /// Blocks for `rows` rows of `cols` elements each: one per compute thread
    /// when there are at least 2^16 elements, else one.
    public init(rows: Int, cols: Int) {
        self.rows = rows
        count = rows * cols >= 1 << 16 ? Swift.max(1, Swift.min(computeThreads, rows)) : 1
    }

    /// Blocks of at least `minimumRows` rows each, at most `perThread` per compute thread.
    public init(rows: Int, minimumRows: Int, perThread: Int = 1) {
        self.rows = rows
        count = Swift.max(1, Swift.min(perThread * computeThreads, rows / Swift.max(1, minimumRows)))
    }

    /// The rows of block `k`.
    public subscript(k: Int) -> Range<Int> { (k * rows / count)..<((k + 1) * rows / count) }

    /// Runs `body` on the rows of every block, concurrently (``concurrentForEach(_:_:)``).
    public func concurrentForEach(_ body: @Sendable (Range<Int>) -> Void) {
        RNNCore.concurrentForEach(count) { body(self[$0]) }
    }
}

/// How each ensemble member's P sample paths split into chunks whose recurrent stacks run side by side at each step
/// (``ForecastModel/pooledPaths(_:horizon:calendar:progress:stopRequest:)``): into at most 4, at multiples of
/// ``alignment`` paths, the last taking the rest, whatever the number of threads, so that a forecast is the same for
/// any number of them. The K members' 4 chunks (K·4 tasks) divide about evenly over 2 or 4 compute threads.
///
/// A path's last outputs do not depend on the chunk its stack runs in: every chunk has at least ``alignment`` paths,
/// so the per-step products run on the packed kernel (from 4 rows) or on BLAS's general kernel (whose choice for the
/// stack's wide products does not change with the rows), and chunks start at multiples of ``alignment`` rows, so that
/// BLAS blocks of up to 16 rows, and its handling of the rows left over, fall on the same rows as in one batch. The
/// head, whose small product BLAS runs on other kernels for fewer rows, runs on all of a member's paths.
struct PathChunks {
    /// The paths at which chunks start: chunk c starts at a multiple of it.
    static let alignment = 16
    /// The most chunks.
    static let most = 4

    /// P, the paths of a member.
    let paths: Int
    /// The chunks: 1 for fewer than 2·``alignment`` paths.
    let count: Int

    /// The chunks of `paths` paths.
    init(paths: Int) {
        self.paths = paths
        count = Swift.max(1, Swift.min(Self.most, paths / Self.alignment))
    }

    /// The paths of chunk c, contiguous, in order.
    subscript(c: Int) -> Range<Int> {
        let blocks = paths / Self.alignment
        return (c * blocks / count * Self.alignment)..<(c + 1 == count ? paths : (c + 1) * blocks / count * Self.alignment)
    }
}

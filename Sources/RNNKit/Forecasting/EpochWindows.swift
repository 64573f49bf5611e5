/// The windows each training epoch reads (``ForecastConfig/windowsPerEpoch``): all of them in a fresh order, or, when there
/// are more than the cap, the first cap of that order, a fresh random sample each epoch; and the validation origins early
/// stopping scores, evenly spaced and the same every epoch.
struct EpochWindows {
    /// Every window's origin, in the order of the last shuffle.
    private var order: [Int]
    /// The windows an epoch reads: all of them, or the cap when there are more.
    let count: Int

    /// The epochs of `origins`, at most `most` windows each (nil: all).
    init(_ origins: [Int], most: Int?) {
        order = origins
        count = Swift.min(origins.count, most ?? origins.count)
    }

    /// The next epoch's windows in the order they train: the first ``count`` of a fresh shuffle of all of them, so that
    /// below the cap an epoch is the plain shuffle it was without one. [count]
    mutating func next(using generator: inout SeededGenerator) -> ArraySlice<Int> {
        order.shuffle(using: &generator)
        return order[..<count]
    }

    /// At most `most` of `origins`, evenly spaced from the first (the k-th of m the ⌊k·n/m⌋-th of n), in their order; all
    /// of them when there are no more than `most` or it is nil.
    static func evenlySpaced(_ origins: [Int], most: Int?) -> [Int] {
        guard let most, origins.count > most else { return origins }
        return (0..<most).map { origins[$0 * origins.count / most] }
    }
}

extension ForecastModel.ForecastInZ {
    /// Sorts the quantile head's values of each step into the order of their probabilities
    /// (monotone rearrangement; Chernozhukov, Fernández-Val and Galichon, *Econometrica* 78, 2010).
    ///
    /// The pinball loss fits each quantile separately, so the fitted values can cross: a 95%
    /// bound inside the 80% interval, or the median outside it. Each step's 2·levels + 1 values
    /// (every level's bounds and the median, the point forecast) are sorted and handed out again
    /// by probability: the smallest to the widest level's lower bound, the middle one to the point
    /// forecast, the largest to the widest level's upper bound. Afterwards the intervals are nested
    /// (lower_95 ≤ lower_80 ≤ point ≤ upper_80 ≤ upper_95) and the point lies in the innermost one;
    /// values already in order are unchanged. Averaging members and mapping back out of z keep the
    /// order, since both are monotone.
    /// - Parameter levels: the interval levels, in the order of ``lower`` and ``upper``; distinct.
    mutating func rearrange(levels: [Double]) {
        let widestFirst = levels.indices.sorted { levels[$0] > levels[$1] }
        let n = widestFirst.count
        for h in point.indices {
            let sorted = (widestFirst.flatMap { [lower[$0][h], upper[$0][h]] } + [point[h]]).sorted()
            for (i, l) in widestFirst.enumerated() {
                lower[l][h] = sorted[i]
                upper[l][h] = sorted[2 * n - i]
            }
            point[h] = sorted[n]
        }
    }
}

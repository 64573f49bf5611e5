/// How many evaluations a run has still to make: what its time left costs beyond training (on a long text an
/// evaluation takes many times an update).
extension StopConditions {
    /// The evaluations a run makes from now until it stops at its nearest limit of steps, epochs or time (patience's
    /// cannot be foreseen), at this cadence, the closing one included (a run that reaches a limit between two
    /// evaluations makes one more); nil without such a limit or before any training.
    ///
    /// The update `step` is done and its due evaluation not yet made. A limit in time becomes updates, and updates
    /// become training time for an interval in seconds, at the pace so far (`elapsed` over `step`). A whole number, held
    /// in a Double: a limit far away may give more than an `Int` holds.
    /// - Parameters:
    ///   - step: updates done, ≥ 1 (before a resume too).
    ///   - epoch: epochs done with the fraction of the current one, of `updatesPerEpoch` updates.
    ///   - elapsed: seconds of training so far, evaluations excluded.
    ///   - nextEvaluationTime: for an interval in seconds, when the next evaluation is due, in seconds of training
    ///     (nil: one interval from now).
    public func evaluationsLeft(step: Int, epoch: Double, updatesPerEpoch: Int, elapsed: Double, nextEvaluationTime: Double?) -> Double? {
        guard step > 0 && elapsed > 0 else { return nil }
        let pace = elapsed / Double(step)
        let limits = [maxSteps.map { Double($0 - step) }, maxEpochs.map { ((Double($0) - epoch) * Double(updatesPerEpoch)).rounded() },
                      timeBudget.map { (($0 - elapsed) / pace).rounded(.up) }]
        guard let nearest = limits.compactMap({ $0 }).min() else { return nil }
        let updatesLeft = Swift.max(0, nearest)
        switch evaluateEvery {
        case .steps(let n):
            // Those at multiples of n from this step to the last, and the closing one when the last is not one.
            let end = Double(step) + updatesLeft, n = Double(n)
            let scheduled = (end / n).rounded(.down) - (Double(step - 1) / n).rounded(.down)
            return scheduled + (end.truncatingRemainder(dividingBy: n) == 0 ? 0 : 1)
        case .seconds(let s):
            // One now when due (however many intervals it is late), then one per interval until the end, and the closing one.
            let end = elapsed + updatesLeft * pace
            var due = nextEvaluationTime ?? elapsed + s, scheduled = 0.0
            if due <= elapsed { (scheduled, due) = (1, due + (((elapsed - due) / s).rounded(.down) + 1) * s) }
            if due <= end { scheduled += ((end - due) / s).rounded(.down) + 1 }
            return updatesLeft == 0 ? 1 : scheduled + 1
        }
    }
}

import CommandLineSupport
import Testing

@Suite struct ProgressLineTests {
    @Test func theClockShowsMinutesAndHoursAndGivesUpOnTheUnreachable() {
        #expect(ProgressLine.clock(59.4) == "0:59")
        #expect(ProgressLine.clock(3661) == "1:01:01")
        for far in [1e30, .infinity, .nan, -1] { #expect(ProgressLine.clock(far) == "?") }
    }

    /// The time left at the pace so far: a quarter done in 30 s leaves 90 s, all done none, nothing done no estimate.
    @Test func theTimeLeftIsAtThePaceSoFar() {
        #expect(ProgressLine.timeLeft(elapsed: 30, done: 0.25) == 90 && ProgressLine.timeLeft(elapsed: 30, done: 1) == 0)
        #expect(ProgressLine.timeLeft(elapsed: 30, done: 0) == nil)
    }

    /// A training run's time left counts the evaluations to come at the time one took: a quarter of the training done
    /// in 30 s (of a time budget of 120 s, say, which leaves 90) and 3 evaluations of 20 s leave 2:30, not 1:30. Before
    /// one was timed it names them; with none to come (or none known) it is the training's, and "?" before any is done.
    @Test func theTimeLeftOfARunCountsItsEvaluations() {
        #expect(ProgressLine.eta(elapsed: 30, done: 0.25, evaluations: 3, evaluationSeconds: 20) == "2:30")
        #expect(ProgressLine.eta(elapsed: 30, done: 30.0 / 120, evaluations: 1, evaluationSeconds: 95) == "3:05")
        #expect(ProgressLine.eta(elapsed: 30, done: 0.25, evaluations: 3, evaluationSeconds: nil) == "1:30 + 3 evaluations")
        #expect(ProgressLine.eta(elapsed: 30, done: 0.25, evaluations: 1, evaluationSeconds: nil) == "1:30 + 1 evaluation")
        #expect(ProgressLine.eta(elapsed: 30, done: 0.25, evaluations: 0, evaluationSeconds: nil) == "1:30")
        #expect(ProgressLine.eta(elapsed: 30, done: 0.25, evaluations: nil, evaluationSeconds: 20) == "1:30")
        #expect(ProgressLine.eta(elapsed: 30, done: nil, evaluations: 3, evaluationSeconds: 20) == "?")
        #expect(ProgressLine.eta(elapsed: 0, done: 0, evaluations: 3, evaluationSeconds: 20) == "?")
    }
}

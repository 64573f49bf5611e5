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
}

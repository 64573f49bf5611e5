import Testing
@testable import char_rnn

@Suite struct TrainingDisplayTests {
    @Test func theClockShowsMinutesAndHoursAndGivesUpOnTheUnreachable() {
        #expect(TrainingDisplay.clock(59.4) == "0:59")
        #expect(TrainingDisplay.clock(3661) == "1:01:01")
        for far in [1e30, .infinity, .nan, -1] { #expect(TrainingDisplay.clock(far) == "?") }
    }
}

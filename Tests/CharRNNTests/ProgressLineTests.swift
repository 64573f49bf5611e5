import CommandLineSupport
import Testing

@Suite struct ProgressLineTests {
    @Test func theClockShowsMinutesAndHoursAndGivesUpOnTheUnreachable() {
        #expect(ProgressLine.clock(59.4) == "0:59")
        #expect(ProgressLine.clock(3661) == "1:01:01")
        for far in [1e30, .infinity, .nan, -1] { #expect(ProgressLine.clock(far) == "?") }
    }
}

import ArgumentParser
import CommandLineSupport
import RNNCore
import Testing
@testable import char_rnn

/// The checks of flags both command lines share, and char-rnn's --milestones, at their boundaries.
@Suite struct FlagCheckTests {
    @Test func threadsFromOneToTheLimitAreTaken() {
        for threads in [1, computeThreadLimit] { #expect(throws: Never.self) { try ThreadCount.require(threads) } }
        for threads in [0, computeThreadLimit + 1] { #expect(throws: ValidationError.self) { try ThreadCount.require(threads) } }
    }

    /// A warning is one line as an error is, control characters from input (a file's name, say) escaped.
    @Test func warningsAreOneLine() {
        #expect(char_rnn.CharRNN.warningLine("log\r\n\u{1B}[2J.jsonl: cannot write\n  the disk is full")
                == #"char-rnn: warning: log\r; \u{1B}[2J.jsonl: cannot write; the disk is full"#)
    }

    /// A chart name ending in .svg in any case, or without an extension, is taken; another extension is refused.
    @Test func chartNamesEndInSVGInAnyCase() {
        for name in ["loss.svg", "runs/loss.SVG", "loss.Svg", "loss", "runs.d/loss", ".svg"] {
            #expect(throws: Never.self, "\(name)") { try OutputName.requireSVG(name, flag: "--plot") }
        }
        for name in ["loss.png", "loss.svg.txt"] {
            #expect(throws: ValidationError.self, "\(name)") { try OutputName.requireSVG(name, flag: "--plot") }
        }
        // Its name shown with its control characters escaped.
        #expect {
            try OutputName.requireSVG("ch\nart.p\u{1B}ng", flag: "--plot")
        } throws: { error in
            "\(error)" == #"--plot ch\nart.p\u{1B}ng: the chart is written as SVG, so its name should end in .svg, not .p\u{1B}ng"#
        }
    }

    /// Steps separated by commas, spaces around them allowed; an empty part (`1000,,2500`, a trailing comma) is refused
    /// rather than dropped.
    @Test func milestonesAreIntegersBetweenCommas() throws {
        #expect(try Milestones.parsed("1000,2500") == [1000, 2500] && Milestones.parsed(" 3 , 12") == [3, 12])
        for text in ["1000,,2500", "1000,", ",1000", "", "1e3", "3;12"] {
            #expect(throws: UsageError.self, "\(text)") { try Milestones.parsed(text) }
        }
        // In the words of forecast's lists (--levels, --calendar-cycles), which the same parser reads.
        let error = #expect(throws: UsageError.self) { try Milestones.parsed("1000,,2500") }
        #expect(error?.description == "the milestones (--milestones) must be comma-separated whole numbers such as 1000,2500, got '1000,,2500'; item 2 is empty")
    }
}

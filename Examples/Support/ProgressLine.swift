import Foundation
import RNNKit

/// Progress on standard error, as both command lines draw it while they train: on a terminal, one live line
/// rewritten in place (carriage return, erase line), at most 10 times a second; elsewhere (a file, a pipe) a plain
/// line at most every `plainInterval` seconds, or none when it is nil. The live line is cut to the terminal's width,
/// since erasing it erases one row only. Full lines (``line(_:)``) close the live line first, so that they stand on
/// their own, with control characters from input (a file's name) shown escaped. Writes are best effort: a failed one
/// is not an error.
///
/// Not thread-safe: one thread at a time draws.
public final class ProgressLine {
    /// Whether standard error is a terminal.
    public let isTerminal: Bool
    /// The least time between plain lines (not on a terminal), nil for none.
    private let plainInterval: Double?
    private var lastShown: Double
    private var lineOpen = false

    /// - Parameters:
    ///   - plainInterval: the least seconds between plain progress lines when standard error is not a terminal; nil
    ///     shows none there.
    ///   - isTerminal: whether standard error is a terminal (the default asks it).
    public init(plainInterval: Double?, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.isTerminal = isTerminal
        self.plainInterval = plainInterval
        lastShown = Self.now
    }

    /// Seconds on a monotonic clock.
    public static var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Counts the wait for the next plain line (and live line) from now: the first one comes a whole interval after
    /// the work starts.
    public func restartClock() { lastShown = Self.now }

    /// Shows `text()` as the live line, or as a plain line, when it is time to (`text` is not called otherwise).
    /// - Returns: whether it was shown.
    @discardableResult
    public func update(_ text: () -> String) -> Bool {
        let interval = isTerminal ? 0.1 : plainInterval
        let t = Self.now
        guard let interval, t - lastShown >= interval else { return false }
        lastShown = t
        if isTerminal {
            try? DescriptorText.standardError.write("\r\u{1B}[K" + Self.fitted(text()))  // progress is best effort
            lineOpen = true
        } else {
            line(text())
        }
        return true
    }

    /// Writes `text` as a full line, erasing the live line first; its control characters, line feeds included, are
    /// escaped (`escapingControlCharacters`).
    public func line(_ text: String) {
        try? DescriptorText.standardError.line(erasure() + text.escapingControlCharacters)  // progress is best effort
    }

    /// Erases the live line, if one is shown, so that what follows starts on a clean line.
    public func clear() {
        let erase = erasure()
        if !erase.isEmpty { try? DescriptorText.standardError.write(erase) }  // progress is best effort
    }

    /// `text` cut to one character less than the terminal's width (so that the cursor stays on its row), when that is known.
    private static func fitted(_ text: String) -> String {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 1, text.count >= Int(size.ws_col) else { return text }
        return String(text.prefix(Int(size.ws_col) - 1))
    }

    /// `\r` and erase-line when the live line is shown (closing it), else nothing.
    private func erasure() -> String {
        defer { lineOpen = false }
        return lineOpen ? "\r\u{1B}[K" : ""
    }

    /// The seconds left of work of which the fraction `done` (in [0, 1]) took `elapsed` seconds, at the same pace; nil
    /// before any is done.
    public static func timeLeft(elapsed: Double, done: Double) -> Double? { done > 0 ? elapsed * (1 - done) / done : nil }

    /// The time left of a training run as a progress line shows it: its training's at the same pace
    /// (``timeLeft(elapsed:done:)``) and `evaluations` more evaluations of `evaluationSeconds` each, `4:53`; while no
    /// evaluation has been timed, the training's with the evaluations to come named, `1:23 + 3 evaluations`; "?" before
    /// any training is done (nil or 0 `done`).
    /// - Parameters:
    ///   - evaluations: the evaluations still to come, nil when not known (none counted then).
    ///   - evaluationSeconds: the seconds one takes, nil before the first.
    public static func eta(elapsed: Double, done: Double?, evaluations: Double?, evaluationSeconds: Double?) -> String {
        guard let training = done.flatMap({ timeLeft(elapsed: elapsed, done: $0) }) else { return "?" }
        let evaluations = evaluations ?? 0
        if evaluations == 0 { return clock(training) }
        guard let evaluationSeconds else {
            return clock(training) + " + " + (evaluations == 1 ? "1 evaluation" : String(format: "%.0f evaluations", evaluations))
        }
        return clock(training + evaluations * evaluationSeconds)
    }

    /// `m:ss` or `h:mm:ss`; "?" beyond 10,000 hours (a limit far away, such as `--max-steps` near `Int.max`).
    public static func clock(_ seconds: Double) -> String {
        guard seconds >= 0 && seconds < 3.6e7 else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60) : String(format: "%ld:%02ld", s / 60, s % 60)
    }
}

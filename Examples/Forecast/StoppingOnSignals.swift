import ArgumentParser
import CommandLineSupport
import RNNKit

/// What `train` and `evaluate` say of the signals in their help.
let trainingSignalsDiscussion = signalsDiscussion(abandoning: "training, saving nothing (a part-trained model is not the one its settings describe)")

/// What a command that abandons `work` on a signal (`"training, saving nothing"`) says of the signals in its help.
func signalsDiscussion(abandoning work: String) -> String {
    "Ctrl-C (SIGINT) or SIGTERM abandons \(work), and exits 130 (143 for SIGTERM); a second one ends the command at once."
}

/// Runs the work of `forecast train`, `evaluate` or `predict` (training or forecasting, writing, printing what it made)
/// with Ctrl-C (SIGINT) and SIGTERM asking it to stop (``InterruptSignals``): training or the forecast is abandoned
/// after each network's update or step in progress, nothing is written, the live line is erased, and the command prints
/// `forecast: interrupted; nothing was <saved or written>` and exits 130 (143 for SIGTERM). A model is what its settings
/// say, so a part-trained one is never saved. A signal that comes once the work is done (while the model or forecast is
/// written) finds it complete: it ends, its summary printed, and the command then exits with the signal's status. A
/// second signal ends the process at once.
/// - Parameters:
///   - nothingWas: what the line says was not done: `saved` (a model), `written` (a forecast).
///   - work: the work, given the request it must poll (``InterruptSignals/stopRequest``).
func stoppingOnSignals(_ display: ProgressDisplay, nothingWas: String = "saved", _ work: (StopRequest) throws -> Void) throws {
    InterruptSignals.install()
    do {
        try work(InterruptSignals.stopRequest)
    } catch {
        display.finish()
        InterruptSignals.restoreDefaults()
        guard let signal = InterruptSignals.signalReceived else { throw error }
        try? DescriptorText.standardError.line("forecast: interrupted; nothing was \(nothingWas)")  // the exit status tells if this fails too
        throw ExitCode(signal.status)
    }
    InterruptSignals.restoreDefaults()
    if let signal = InterruptSignals.signalReceived { throw ExitCode(signal.status) }
}

import ArgumentParser
import CommandLineSupport
import RNNKit

/// What `train` and `evaluate` say of the signals in their help.
let signalsDiscussion = "Ctrl-C (SIGINT) or SIGTERM abandons training, saving nothing (a part-trained model is not the one its settings "
    + "describe), and exits 130 (143 for SIGTERM); a second one ends the command at once."

/// Runs the work of `forecast train` or `evaluate` (training, saving, printing what it made) with Ctrl-C (SIGINT) and
/// SIGTERM asking it to stop (``InterruptSignals``): training is abandoned after each network's update in progress,
/// nothing is saved, the live line is erased, and the command prints `forecast: interrupted; nothing was saved` and exits
/// 130 (143 for SIGTERM). A model is what its settings say, so a part-trained one is never saved. A signal that comes
/// once training is done (while the model is written) finds the work complete: it ends, its summary printed, and the
/// command then exits with the signal's status. A second signal ends the process at once.
/// - Parameter work: the work, given the request it must poll (``InterruptSignals/stopRequest``).
func stoppingOnSignals(_ display: ProgressDisplay, _ work: (StopRequest) throws -> Void) throws {
    InterruptSignals.install()
    do {
        try work(InterruptSignals.stopRequest)
    } catch {
        display.finish()
        InterruptSignals.restoreDefaults()
        guard let signal = InterruptSignals.signalReceived else { throw error }
        try? DescriptorText.standardError.line("forecast: interrupted; nothing was saved")  // the exit status tells if this fails too
        throw ExitCode(signal.status)
    }
    InterruptSignals.restoreDefaults()
    if let signal = InterruptSignals.signalReceived { throw ExitCode(signal.status) }
}

import Foundation
import RNNKit
import Synchronization

/// SIGINT (Ctrl-C) and SIGTERM (`kill`) during a long run, as both command lines take them: the first asks the run to
/// stop (`char-rnn train` stops after its current update, or abandons its evaluation in progress, and writes `latest.safetensors`; `forecast train` and
/// `evaluate` abandon training and save nothing, `forecast predict` abandons the forecast and writes nothing), and the
/// command exits 128 + the signal's number (130, 143); a second one ends the process at once, by the signal's default
/// action, so a run that does not stop can still be killed.
///
/// The handler only touches atomics (lock-free, so async-signal-safe) and restores the default action of each signal
/// it is installed for with `signal(2)` (async-signal-safe too), so one the process started out ignoring stays ignored;
/// the work polls ``stopRequest`` (between a run's updates and the chunks of its validation passes, a forecast's steps). Both signals are blocked on the thread
/// that runs the handler, so a second one that comes meanwhile waits for it, then meets the default action; one that
/// another thread takes before the defaults are back finds the first recorded, restores its default action and raises
/// itself again, so it ends the process all the same.
public enum InterruptSignals {
    /// The request the training run polls.
    public static let stopRequest = StopRequest()
    /// The number of the first signal received, 0 before one.
    private static let received = Atomic<Int32>(0)
    /// Bit `1 << n` for each signal n the handler is installed for: the others were ignored, and stay so.
    private static let handled = Atomic<UInt32>(0)

    /// Installs the handler for SIGINT and SIGTERM, except for one the process started out ignoring (as a shell
    /// starts a background job's SIGINT), which stays ignored; and unblocks both on the calling thread, where the
    /// program that started this one may have left them blocked (an exec keeps the blocked set).
    public static func install() {
        _ = stopRequest.isRequested  // initialized before a handler can read them
        _ = received.load(ordering: .relaxed)
        for number in [SIGINT, SIGTERM] where !isIgnored(number) { handled.bitwiseOr(1 << UInt32(number), ordering: .relaxed) }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            guard InterruptSignals.received.compareExchange(expected: 0, desired: number, ordering: .relaxed).exchanged else {
                // A second signal, taken on another thread while the first one's handler runs: the default action, on
                // this thread once the handler returns (the signal is blocked until then).
                signal(number, SIG_DFL)
                raise(number)
                return
            }
            InterruptSignals.stopRequest.request()
            let handled = InterruptSignals.handled.load(ordering: .relaxed)
            if handled & (1 << UInt32(SIGINT)) != 0 { signal(SIGINT, SIG_DFL) }
            if handled & (1 << UInt32(SIGTERM)) != 0 { signal(SIGTERM, SIG_DFL) }
        }
        var both = sigset_t()
        sigemptyset(&both)
        for number in [SIGINT, SIGTERM] { sigaddset(&both, number) }
        action.sa_mask = both
        action.sa_flags = SA_RESTART
        for number in [SIGINT, SIGTERM] where handled.load(ordering: .relaxed) & (1 << UInt32(number)) != 0 {
            sigaction(number, &action, nil)
        }
        pthread_sigmask(SIG_UNBLOCK, &both, nil)
    }

    /// Gives SIGINT and SIGTERM their default actions back, where ``install()`` handled them, once the training loop
    /// has returned: nothing polls the request any more, so a signal from now on (during the closing samples, say)
    /// ends the process at once instead of going unheeded.
    public static func restoreDefaults() {
        let handled = handled.load(ordering: .relaxed)
        for number in [SIGINT, SIGTERM] where handled & (1 << UInt32(number)) != 0 { signal(number, SIG_DFL) }
    }

    /// The signal that asked the run to stop, as `(name, exit status)`, or nil when none came.
    public static var signalReceived: (name: String, status: Int32)? {
        switch received.load(ordering: .relaxed) {
        case 0: nil
        case let number: (number == SIGINT ? "SIGINT" : "SIGTERM", 128 + number)
        }
    }

    private static func isIgnored(_ number: Int32) -> Bool {
        var current = sigaction()
        sigaction(number, nil, &current)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}

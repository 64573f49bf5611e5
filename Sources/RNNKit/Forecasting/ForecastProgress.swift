import Foundation

/// How far training a forecaster (or forecasting) has come, for a progress display: an event after each epoch of each
/// network it trains, in an evaluation one as each backtest fold starts, and in a recursive forecast one after each
/// step of each member's sample paths.
///
/// ``ForecastModel/train(series:config:name:log:progress:stopRequest:)``,
/// ``Evaluation/run(series:name:log:progress:stopRequest:)`` and ``ForecastModel/forecast(history:horizon:name:progress:stopRequest:)``
/// call their `progress` on the threads that work (the members train and forecast side by side), one call at a time: the calls are serialized behind a lock, so the callback needs no
/// lock of its own, and it should return quickly, since the network that made the call waits for it. One network's
/// events come in the order of its epochs; those of networks training side by side interleave. The callback only
/// observes: the model is the same, bit for bit, with or without it. Once a stop is requested, training and forecasting
/// report no more events (a network may still end the epoch or step that was in progress; the work is abandoned).
///
/// A training run goes through up to three phases, in this order: early stopping (``validation(epoch:maxEpochs:score:bestScore:bestEpoch:)``,
/// with a validation tail), calibration (``calibration(network:networks:epoch:epochs:)``, with
/// ``IntervalCalibration/validation``) and the members (``member(member:members:epoch:epochs:)``).
public enum ForecastProgress: Sendable, Equatable {
    /// An evaluation starts training backtest fold `fold` (1-based, the latest origin first) of `folds`.
    case fold(fold: Int, folds: Int)
    /// The early-stopping network, trained on the windows before the validation tail, finished epoch `epoch` of at
    /// most `maxEpochs`, scoring `score` (its H-step MAE over the tail, in scaled units); the best score so far is
    /// `bestScore`, after `bestEpoch` epochs (this epoch's when it is the best).
    case validation(epoch: Int, maxEpochs: Int, score: Double, bestScore: Double, bestEpoch: Int)
    /// Network `network` (0-based) of the `networks` that calibration trains on the windows before the validation
    /// tail finished epoch `epoch` of `epochs`.
    case calibration(network: Int, networks: Int, epoch: Int, epochs: Int)
    /// Member `member` (0-based) of the ensemble's `members` finished epoch `epoch` of `epochs`.
    case member(member: Int, members: Int, epoch: Int, epochs: Int)
    /// A forecast of the recursive strategy: member `member` (0-based) of `members` drew step `step` (1-based) of its
    /// `steps`-step sample paths.
    case paths(member: Int, members: Int, step: Int, steps: Int)
}

/// A progress callback that threads training side by side may call: one call at a time, behind a lock, and none once
/// the work's stop request is made (the work is then abandoned: an epoch that a network still ends is not progress).
final class SerialProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let callback: ((ForecastProgress) -> Void)?
    private let stopRequest: StopRequest?

    init(_ callback: ((ForecastProgress) -> Void)?, stopRequest: StopRequest? = nil) {
        (self.callback, self.stopRequest) = (callback, stopRequest)
    }

    /// Calls the callback with `event` (built only when there is a callback), after any call in progress on another
    /// thread, unless the stop was requested (checked behind the lock, so a request made in a call holds for every later one).
    func callAsFunction(_ event: @autoclosure () -> ForecastProgress) {
        guard let callback else { return }
        lock.withLock { if stopRequest?.isRequested != true { callback(event()) } }
    }
}

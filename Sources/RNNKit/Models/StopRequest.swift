import Synchronization

/// A request to stop a long run before its end. Given to
/// ``LanguageModelTraining/run(_:checkpointDirectory:replacingCheckpoints:stopRequest:onEvent:)``, it stops the run after the
/// update in progress, or abandons the evaluation in progress between chunks of its validation pass, and the run then
/// writes `latest.safetensors` and returns ``StopReason/stopRequested``. Given to
/// ``LanguageModel/score(_:streams:chunk:progress:stopRequest:)``, it abandons the pass, which throws `CancellationError`. Given to
/// ``ForecastModel/train(series:config:name:log:progress:stopRequest:)`` or
/// ``Evaluation/run(series:name:log:progress:stopRequest:)``, it abandons the work after the update in progress of each
/// network, which then throws `CancellationError`: a forecaster trained for fewer epochs than its settings say would not
/// be the model they describe.
///
/// Any thread may request the stop, and so may a signal handler: ``request()`` is one lock-free atomic store.
public final class StopRequest: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    /// Asks the run to stop after its current update; lock-free (async-signal-safe). What the requesting thread wrote
    /// before the call is visible to a thread that then finds ``isRequested`` true (release and acquire).
    public func request() { requested.store(true, ordering: .releasing) }

    /// Whether ``request()`` was called.
    public var isRequested: Bool { requested.load(ordering: .acquiring) }

    /// Throws `CancellationError` when ``request()`` was called: where work that is abandoned on a request stops.
    public func throwIfRequested() throws(CancellationError) {
        if isRequested { throw CancellationError() }
    }
}

import Synchronization

/// A request to stop a ``LanguageModelTraining`` run before its limits: given to
/// ``LanguageModelTraining/run(_:checkpointDirectory:replacingCheckpoints:stopRequest:onEvent:)``, it stops the run after the
/// update in progress, which then writes `latest.safetensors` and returns ``StopReason/stopRequested``.
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
}

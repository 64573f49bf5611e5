import Testing

/// What a body expected to trap (`#expect(processExitsWith: .failure, observing: [\.standardErrorContent])`)
/// wrote to standard error, as text: the precondition's message among it.
public func trapMessage(_ result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}

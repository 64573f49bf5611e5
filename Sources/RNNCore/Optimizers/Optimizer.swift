import Requirements

/// Updates a fixed list of parameters from their accumulated gradients.
///
/// An optimizer sees only the ``Parameter``s it is given at initialization — no
/// layers — and keeps its per-parameter state (moments, momentum buffers) in
/// arrays parallel to ``parameters``, each buffer the shape of its parameter.
/// It is a reference type, like ``Parameter``: the training loop, a learning-rate
/// schedule and checkpoint code share one instance.
///
/// The parameters come as one list or in ``ParameterGroup``s, PyTorch's `param_groups`, each with its own
/// learning rate, weight decay, momentum, betas, epsilon, … (no decay on biases, a smaller rate for a pretrained
/// part); one list is one group. ``groups`` holds each group's settings, which schedules set group by group.
///
/// One training step:
///
/// ```swift
/// optimizer.zeroGrad()
/// tape.backward(from: loss)          // sums into parameter.grad
/// schedule.apply(to: optimizer)      // optional: sets every group's learning rate
/// optimizer.step()
/// ```
///
/// Update rules, defaults and state names follow `torch.optim` exactly, so a
/// run can be compared with PyTorch step by step. ``zeroGrad()`` is PyTorch's `zero_grad(set_to_none=False)`:
/// ``step()`` updates every parameter, one that took no part in the loss with its zero gradient (momentum and
/// moments still move it), where PyTorch's default `set_to_none=True` skips it.
public protocol Optimizer<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar

    /// The parameters this optimizer updates, in a fixed order: every group's, group after group.
    var parameters: [Parameter<Scalar>] { get }
    /// The parameter groups, in the order given (one for an optimizer made from a single list): which of
    /// ``parameters`` each holds, and the settings it updates them with. The settings can be set
    /// (`optimizer.groups[0].learningRate = 1e-3`, `optimizer.groups[0].beta1 = 0.85`), each in its range; a value out
    /// of range, a setting the optimizer does not have, or other parameters trap.
    var groups: [OptimizerGroup] { get set }
    /// The number of ``step()`` calls so far (restored from checkpoints).
    var stepCount: Int { get }

    /// Applies one update to every parameter from its current gradient, at its group's rate and decay.
    func step()
    /// Sets every parameter's gradient to zero.
    func zeroGrad()

    /// The state to save in a checkpoint: per-parameter buffers as tensors
    /// keyed `optimizer.<state>.<parameter name>` (e.g. `optimizer.exp_avg.head.weight`),
    /// plus `optimizer.step` and the groups' settings (see ``OptimizerState``).
    func exportState() -> OptimizerState<Scalar>
    /// Replaces the state with one from ``exportState()``; nothing changes when it throws.
    ///
    /// Keys without the `optimizer.` prefix are ignored, so a checkpoint's full
    /// tensor map can be passed as is.
    /// - Throws: ``OptimizerStateError`` naming the tensor or scalar that is
    ///   missing, unexpected, or of the wrong shape or value, or a state saved for other parameter groups.
    func restoreState(_ state: OptimizerState<Scalar>) throws
}

extension Optimizer {
    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }
}

/// Checks the parameters an optimizer is built on: names unique (they key the state).
func validateOptimizerParameters<Scalar>(_ parameters: [Parameter<Scalar>], _ optimizer: String) {
    requireDistinct(parameters.map(\.name)) { "\(optimizer): two parameters are named '\($0)'; \(distinctNamesAdvice(for: $0))" }
}

/// The optimizer's type without its scalar (`AdamW`), for messages.
func optimizerName(_ optimizer: AnyObject) -> String { String("\(type(of: optimizer))".prefix { $0 != "<" }) }

/// Checks an optimizer's setting that must be a finite number ≥ 0 (a learning rate, a weight decay, an epsilon);
/// the optimizer's name is made only for the message.
func requireNonNegative(_ value: Double, _ setting: String, _ optimizer: @autoclosure () -> String) {
    require(value >= 0 && value.isFinite, "\(optimizer()): the \(setting) must be a finite number ≥ 0, got \(value)")
}

/// Checks that parameter `i`'s state buffers (`buffers[k][i]`; empty lists are unused options) still have its
/// shape (its gradient has it: ``Parameter`` keeps the two alike).
@inline(__always)
func checkStepShapes<Scalar>(_ p: Parameter<Scalar>, at i: Int, _ buffers: [Tensor<Scalar>]..., optimizer: String) {
    for list in buffers where !list.isEmpty {
        require(list[i].shape == p.shape,
                     "\(optimizer): state of \(p.name) has shape \(list[i].shape), value has \(p.shape)")
    }
}

/// Runs an elementwise update over one parameter's buffers (value, gradient,
/// state; each [n], nil for an unused option), split into one block of
/// elements per compute thread when n ≥ 2^16 (see ``RowBlocks``). `body` gets
/// the buffers advanced to its block and the block's length; blocks are
/// disjoint, so the result does not depend on the thread count.
func forEachUpdateBlock<Scalar: TensorScalar>(_ n: Int, _ buffers: [UnsafeMutablePointer<Scalar>?],
                                              _ body: @Sendable (_ buffers: [UnsafeMutablePointer<Scalar>?], _ count: Int) -> Void) {
    let blocks = RowBlocks(rows: n, cols: 1)
    let shared = UncheckedSendable(value: buffers)
    blocks.concurrentForEach { r in body(shared.value.map { $0.map { $0 + r.lowerBound } }, r.count) }
}

/// Calls `body` with a pointer to `buffers[i]`, or nil when the optional state is unused (empty).
@inline(__always)
func withOptionalState<Scalar, R>(_ buffers: inout [Tensor<Scalar>], _ i: Int,
                                  _ body: (UnsafeMutablePointer<Scalar>?) -> R) -> R {
    if buffers.isEmpty { return body(nil) }
    return buffers[i].withUnsafeMutableBufferPointer { body($0.baseAddress!) }
}

/// Momentum buffers (`buffers`, [shape of p] each; empty for none) for the momenta of `groups`: before the first step
/// (`stepCount` 0) they are made or dropped as some momentum becomes nonzero or all are zero, as PyTorch makes them at
/// the first step; after it they stay, and a nonzero momentum without them makes them then, at zero (SGD starts each at
/// its first step with momentum, as PyTorch's does; RMSprop adds to the zeros, as PyTorch's adds to the zeros it
/// starts its buffers with).
func momentumBuffers<Scalar>(_ buffers: [Tensor<Scalar>], for groups: [OptimizerGroup], of parameters: [Parameter<Scalar>],
                             stepCount: Int) -> [Tensor<Scalar>] {
    let wanted = groups.contains { ($0.momentum ?? 0) != 0 }
    if stepCount == 0 { return wanted == !buffers.isEmpty ? buffers : zeroState(like: parameters, enabled: wanted) }
    return wanted && buffers.isEmpty ? zeroState(like: parameters) : buffers
}

/// Zero tensors shaped like each parameter (a state buffer), or none when `enabled` is false.
func zeroState<Scalar>(like parameters: [Parameter<Scalar>], enabled: Bool = true, value: Scalar = 0) -> [Tensor<Scalar>] {
    enabled ? parameters.map { Tensor(repeating: value, shape: $0.shape) } : []
}

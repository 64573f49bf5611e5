import Requirements

/// The record of one forward pass, for reverse-mode differentiation.
///
/// Every differentiable op appends a node: its pullback, a closure that takes
/// the gradient of the node's output and *adds* into the gradients of its
/// inputs (never overwrites). Recording order is a valid topological order,
/// so ``backward(from:seed:)`` is a single reverse loop over the nodes.
///
/// One training step uses one tape: embedding, every time step of every
/// layer, the head and the loss. A tape made with `recording: false` is the
/// inference mode: ops compute values and record nothing.
public final class Tape<Scalar: TensorScalar> {
    /// A pullback: given the gradient of its node's output, adds into its inputs' gradients.
    public typealias Pullback = (_ tape: Tape<Scalar>, _ outputGradient: Tensor<Scalar>) -> Void

    /// False for the inference mode: nothing is recorded and no gradient flows.
    public let isRecording: Bool
    /// Training mode for layers that behave differently in training (dropout,
    /// batch normalization). Defaults to ``isRecording``.
    public var isTraining: Bool
    /// The random stream for stochastic layers (dropout masks) on this tape, or nil for none: dropout on a
    /// training tape without one traps. Tapes made with the same stream draw the same masks: give each training
    /// step's tape a stream of its own (see ``init(recording:training:generator:)``).
    public var generator: SeededGenerator?

    private var pullbacks: [Pullback?] = []
    private var grads: [Tensor<Scalar>?] = []
    private var isLeaf: [Bool] = []
    private var parameterLeaves: [ObjectIdentifier: Int] = [:]
    private var parameters: [(id: Int, parameter: Parameter<Scalar>)] = []
    private var didBackward = false

    /// A new, empty tape.
    ///
    /// - Parameters:
    ///   - recording: false for inference (records nothing).
    ///   - training: training mode for dropout and batch normalization; defaults to `recording`.
    ///   - generator: the random stream for stochastic layers, needed when a training tape records dropout.
    ///     Split one seeded generator for each step's tape, `Tape(generator: generator.split())`, as RNNKit's
    ///     `Trainer` does for each update, so every step draws new masks and the run repeats from its seed.
    ///     There is no default stream: one fixed stream would draw the same masks at every step.
    public init(recording: Bool = true, training: Bool? = nil, generator: SeededGenerator? = nil) {
        self.isRecording = recording
        self.isTraining = training ?? recording
        self.generator = generator
    }

    /// Number of nodes recorded so far.
    public var nodeCount: Int { pullbacks.count }

    // MARK: Leaves

    /// The value of `parameter` on this tape. The first read records a leaf;
    /// later reads return the same leaf, so all uses sum into one gradient,
    /// which ``backward(from:seed:)`` adds into `parameter.grad`.
    @_specialize(where Scalar == Float)
    public func read(_ parameter: Parameter<Scalar>) -> Variable<Scalar> {
        guard isRecording else { return Variable(value: parameter.value, id: -1, tape: self) }
        let key = ObjectIdentifier(parameter)
        if let id = parameterLeaves[key] { return Variable(value: parameter.value, id: id, tape: self) }
        let id = appendNode(pullback: nil, leaf: true)
        parameterLeaves[key] = id
        parameters.append((id, parameter))
        return Variable(value: parameter.value, id: id, tape: self)
    }

    /// A constant: no gradient flows into it.
    public func constant(_ value: Tensor<Scalar>) -> Variable<Scalar> {
        Variable(value: value, id: -1, tape: self)
    }

    /// A leaf whose gradient is kept, for differentiating with respect to an
    /// input (read it back with ``gradient(of:)``).
    public func variable(_ value: Tensor<Scalar>) -> Variable<Scalar> {
        guard isRecording else { return constant(value) }
        return Variable(value: value, id: appendNode(pullback: nil, leaf: true), tape: self)
    }

    // MARK: Recording

    /// Records an op's output. When no input needs a gradient (or the tape is
    /// not recording) nothing is recorded and the result is a constant.
    ///
    /// - Parameters:
    ///   - value: the op's output.
    ///   - inputs: the op's inputs; the output needs a gradient if any does.
    ///   - pullback: adds the input gradients given the output gradient; it
    ///     must capture input *ids*, never `Variable`s (which hold the tape).
    ///
    /// The op goes on the tape of the inputs that need a gradient, whichever tape it was
    /// called on: a constant of any tape (a detached value, a state carried from an
    /// inference tape) may be any operand.
    @_specialize(where Scalar == Float)
    public func record(_ value: Tensor<Scalar>, inputs: [Variable<Scalar>], pullback: @escaping Pullback) -> Variable<Scalar> {
        // An input that needs a gradient was recorded, so its tape (the owner) is recording.
        guard let owner = Self.owner(of: inputs) else { return Variable(value: value, id: -1, tape: self) }
        guard owner === self else { return owner.record(value, inputs: inputs, pullback: pullback) }
        return Variable(value: value, id: appendNode(pullback: pullback, leaf: false), tape: self)
    }

    /// Records an op with several outputs (a recurrent layer's outputs and
    /// final states, say). The pullback runs once, after every consumer of every
    /// output, and receives one gradient per output (nil where none arrived).
    ///
    /// The outputs are recorded as one node that owns the pullback, followed by
    /// one passive node per further output; backward reaches the passive nodes
    /// first (they were recorded later), and they hand their gradients to the
    /// owning node.
    @_specialize(where Scalar == Float)
    public func recordGroup(_ values: [Tensor<Scalar>], inputs: [Variable<Scalar>],
                            pullback: @escaping (_ tape: Tape<Scalar>, _ outputGradients: [Tensor<Scalar>?]) -> Void) -> [Variable<Scalar>] {
        guard let owner = Self.owner(of: inputs), let first = values.first else { return values.map { Variable(value: $0, id: -1, tape: self) } }
        guard owner === self else { return owner.recordGroup(values, inputs: inputs, pullback: pullback) }
        let collected = GroupGradients<Scalar>(count: values.count)
        let head = appendNode(pullback: { tape, g in
            collected.gradients[0] = collected.headIsPlaceholder ? nil : g
            pullback(tape, collected.gradients)
        }, leaf: false)
        var outputs = [Variable(value: first, id: head, tape: self)]
        for k in 1..<values.count {
            let id = appendNode(pullback: { tape, g in
                collected.gradients[k] = g
                // Every consumer of every output ran before this node, so an
                // absent head gradient is final: give the head a placeholder
                // so its pullback still runs.
                if tape.grads[head] == nil {
                    tape.grads[head] = Tensor(zeros: [0])
                    collected.headIsPlaceholder = true
                }
            }, leaf: false)
            outputs.append(Variable(value: values[k], id: id, tape: self))
        }
        return outputs
    }

    /// The tape of the inputs that need a gradient (id ≥ 0), or nil when none does. Traps when they
    /// come from two tapes: an id names a node of its own tape only.
    private static func owner(of inputs: [Variable<Scalar>]) -> Tape? {
        var owner: Tape? = nil
        for x in inputs where x.id >= 0 {
            if let owner {
                require(owner === x.tape, "Tape: the inputs of an op that need gradients were recorded on two tapes; "
                             + "carry a value onto a new tape as a constant (tape.constant(x.value) or x.detached())")
            } else {
                owner = x.tape
            }
        }
        return owner
    }

    @_specialize(where Scalar == Float)
    private func appendNode(pullback: Pullback?, leaf: Bool) -> Int {
        require(!didBackward, "Tape: cannot record after backward(from:); start a new tape")
        pullbacks.append(pullback)
        grads.append(nil)
        isLeaf.append(leaf)
        return pullbacks.count - 1
    }

    // MARK: Gradients

    /// Adds `gradient` into the gradient of node `id` (ignored for id < 0).
    @_specialize(where Scalar == Float)
    public func accumulate(_ gradient: Tensor<Scalar>, into id: Int) {
        guard id >= 0 else { return }
        if grads[id] == nil {
            grads[id] = gradient
        } else {
            grads[id]! += gradient
        }
    }

    /// Lets `body` add into the gradient of node `id` in place, creating it as
    /// zeros of `shape` first if it does not exist yet. Skipped for id < 0.
    @_specialize(where Scalar == Float)
    public func updateGradient(of id: Int, shape: [Int], _ body: (inout Tensor<Scalar>) -> Void) {
        guard id >= 0 else { return }
        if grads[id] == nil { grads[id] = Tensor(zeros: shape) }
        body(&grads[id]!)
    }

    /// Backpropagates from `loss`: seeds its gradient with `seed` (1 by
    /// default), runs every pullback in reverse recording order, then adds the
    /// gradient of each parameter read on this tape into `parameter.grad`.
    /// A tape can run backward once, and only a recording one: an inference tape
    /// (`recording: false`) traps here rather than leave every gradient at zero.
    /// - Parameters:
    ///   - loss: one value (any shape of one element), or any shape with a `seed`.
    ///   - seed: the gradient of the loss, its shape; needed for a loss of more than one
    ///     element, as PyTorch's `backward(gradient:)` is (a forgotten `.mean()` is a mistake, not a sum).
    @_specialize(where Scalar == Float)
    public func backward(from loss: Variable<Scalar>, seed: Tensor<Scalar>? = nil) {
        require(loss.tape === self, "Tape.backward: the loss was recorded on another tape")
        require(isRecording, "Tape.backward: this tape does not record (Tape(recording: false) is for inference), so no "
                     + "gradient can reach the parameters; record the training step on Tape(), or on Tape(training: false) for "
                     + "a step without dropout")
        require(seed != nil || loss.value.count == 1,
                     "Tape.backward: the loss has shape \(loss.shape); reduce it to one value (.sum() or .mean()) or pass its gradient as seed")
        require(!didBackward, "Tape.backward: this tape already ran backward; start a new tape")
        didBackward = true
        guard loss.id >= 0 else { return }
        let s = seed ?? Tensor(repeating: 1, shape: loss.value.shape)
        require(s.shape == loss.value.shape, "Tape.backward: seed shape \(s.shape) for loss shape \(loss.value.shape)")
        accumulate(s, into: loss.id)
        for i in stride(from: loss.id, through: 0, by: -1) {
            guard let g = grads[i], let pullback = pullbacks[i] else { continue }
            pullbacks[i] = nil
            if !isLeaf[i] { grads[i] = nil }  // intermediate gradients are not kept
            pullback(self, g)
        }
        for (id, parameter) in parameters {
            if let g = grads[id] { parameter.grad += g }
        }
    }

    /// The gradient of a leaf (a parameter read or a ``variable(_:)``) after
    /// ``backward(from:seed:)``; nil when no gradient reached it.
    public func gradient(of variable: Variable<Scalar>) -> Tensor<Scalar>? {
        guard variable.id >= 0, variable.tape === self else { return nil }
        return grads[variable.id]
    }
}

/// Gradients handed from the outputs of a group node to its pullback.
private final class GroupGradients<Scalar: TensorScalar> {
    var gradients: [Tensor<Scalar>?]
    var headIsPlaceholder = false
    init(count: Int) { gradients = Array(repeating: nil, count: count) }
}

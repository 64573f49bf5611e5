/// An optimizer's and a schedule's state saved beside the parameters, so that a training loop can
/// stop and resume exactly, as `torch.save({"model": …, "optimizer": opt.state_dict()})` lets one.
///
/// Buffers go in as tensors under their ``OptimizerState`` keys (`optimizer.exp_avg.head.weight`);
/// numbers (`optimizer.step`, `optimizer.lr` or each group's `optimizer.lr.<g>`, `scheduler.step`) go in the
/// metadata, written so that they read back exactly.
///
/// ```swift
/// var file = SafetensorsFile(parameters: model.parameters)
/// file.store(optimizer.exportState())
/// file.store(scalars: schedule.exportState())
/// try file.write(to: url)
///
/// let saved = try SafetensorsFile(contentsOf: url)
/// try saved.load(into: model.parameters, unexpected: .allow(prefixes: ["optimizer."]))
/// try optimizer.restoreState(saved.optimizerState())
/// try schedule.restoreState(saved.scalars(prefix: "scheduler."))
/// ```
extension SafetensorsFile {
    /// Adds an optimizer's state: its buffers as tensors, its step count and learning rates as metadata.
    /// It replaces every tensor and metadata entry keyed `optimizer.` the file held (another optimizer's
    /// buffers would not fit the new one).
    public mutating func store<Scalar: TensorScalar>(_ state: OptimizerState<Scalar>) {
        let prefix = OptimizerState<Scalar>.keyPrefix
        tensors = tensors.filter { !$0.key.hasPrefix(prefix) }
        metadata = metadata.filter { !$0.key.hasPrefix(prefix) }
        for (key, tensor) in state.tensors { tensors[key] = AnyTensor(tensor) }
        store(scalars: state.scalars)
    }

    /// Adds numbers to the metadata under their keys, such as a schedule's
    /// ``LearningRateSchedule/exportState()``.
    public mutating func store(scalars: [String: Double]) {
        // A Double's description is the shortest text that parses back to it.
        for (key, value) in scalars { metadata[key] = "\(value)" }
    }

    /// The optimizer state ``store(_:)`` added: the tensors and metadata numbers keyed `optimizer.`,
    /// tensors converted to `Scalar`. The optimizer's `restoreState` checks that they fit it.
    /// - Throws: ``OptimizerStateError/unreadableScalar(key:text:)`` when the step count, a learning
    ///   rate or a group's size is stored as text that is not a number.
    public func optimizerState<Scalar: TensorScalar>(as: Scalar.Type = Scalar.self) throws -> OptimizerState<Scalar> {
        typealias State = OptimizerState<Scalar>
        let numbers = scalars(prefix: State.keyPrefix)
        let isStateKey = { (key: String) in
            key == State.stepKey || PerGroupKeys.isKey(key, of: State.learningRateKey) || PerGroupKeys.isKey(key, of: State.groupSizeKey)
        }
        if let key = metadata.keys.sorted().first(where: { isStateKey($0) && numbers[$0] == nil }) {
            throw OptimizerStateError.unreadableScalar(key: key, text: metadata[key]!)
        }
        return OptimizerState(tensors: tensors.filter { $0.key.hasPrefix(State.keyPrefix) }.mapValues { $0.converted(to: Scalar.self) },
                              scalars: numbers)
    }

    /// The metadata entries whose keys start with `prefix` (such as `"scheduler."`) and whose texts
    /// are numbers: what ``store(scalars:)`` added. Texts that are not numbers are left out; the
    /// `restoreState` they are for names a number it needs and does not find.
    public func scalars(prefix: String) -> [String: Double] {
        metadata.filter { $0.key.hasPrefix(prefix) }.compactMapValues { Double($0) }
    }
}

/// An optimizer's and a schedule's state saved beside the parameters, so that a training loop can
/// stop and resume exactly, as `torch.save({"model": …, "optimizer": opt.state_dict()})` lets one.
///
/// Buffers go in as tensors under their ``OptimizerState`` keys (`optimizer.exp_avg.head.weight`);
/// numbers (`optimizer.step`, `optimizer.lr`, `scheduler.step`) go in the metadata, written so that
/// they read back exactly.
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
    /// Adds an optimizer's state: its buffers as tensors, its step count and learning rate as metadata.
    public mutating func store<Scalar: TensorScalar>(_ state: OptimizerState<Scalar>) {
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
    /// - Throws: ``OptimizerStateError/unreadableScalar(key:text:)`` for such metadata that is not a number.
    public func optimizerState<Scalar: TensorScalar>(as: Scalar.Type = Scalar.self) throws -> OptimizerState<Scalar> {
        let prefix = OptimizerState<Scalar>.keyPrefix
        return OptimizerState(tensors: tensors.filter { $0.key.hasPrefix(prefix) }.mapValues { $0.converted(to: Scalar.self) },
                              scalars: try scalars(prefix: prefix))
    }

    /// The metadata under keys that start with `prefix`, as numbers (what ``store(scalars:)`` added).
    /// - Throws: ``OptimizerStateError/unreadableScalar(key:text:)`` for one that is not a number.
    public func scalars(prefix: String) throws -> [String: Double] {
        var scalars: [String: Double] = [:]
        for (key, text) in metadata where key.hasPrefix(prefix) {
            guard let value = Double(text) else { throw OptimizerStateError.unreadableScalar(key: key, text: text) }
            scalars[key] = value
        }
        return scalars
    }
}

import FileReading
import Requirements

/// Saving and loading parameters by their PyTorch `state_dict` names
/// (`embed.weight`, `rnn.weight_ih_l0`, `rnn.bias_hh_l1_reverse`, `head.weight`).
extension SafetensorsFile {
    /// What ``load(into:buffers:unexpected:)`` does with tensors that match no parameter.
    public enum UnexpectedTensors: Sendable, Equatable {
        /// Any extra tensor is an error (PyTorch's `strict=True`).
        case reject
        /// Extra tensors are skipped.
        case ignore
        /// Extra tensors whose names start with one of these prefixes (such as
        /// `"optimizer."`) are skipped; any other is an error.
        case allow(prefixes: [String])

        func permits(_ name: String) -> Bool {
            switch self {
            case .reject: false
            case .ignore: true
            case .allow(let prefixes): prefixes.contains { name.hasPrefix($0) }
            }
        }
    }

    /// A file holding each parameter's value under its name, in its own
    /// scalar type, and each buffer's (running statistics, say: `module.buffers`). More named tensors
    /// (optimizer state, say) can be added to ``tensors`` before writing.
    /// - Parameters:
    ///   - parameters: the parameters; their names must be distinct.
    ///   - buffers: non-trainable state; names distinct from each other and from the parameters'.
    ///   - metadata: strings stored in `__metadata__`.
    public init<Scalar: TensorScalar>(parameters: [Parameter<Scalar>], buffers: [Buffer<Scalar>] = [], metadata: [String: String] = [:]) {
        var tensors: [String: AnyTensor] = [:]
        requireDistinct(parameters.map(\.name) + buffers.map(\.name)) { Self.sameName($0, in: "SafetensorsFile") }
        for (name, value) in parameters.map({ ($0.name, $0.value) }) + buffers.map({ ($0.name, $0.value) }) {
            tensors[name] = AnyTensor(value)
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    /// Copies the tensor named like each parameter (and buffer) into its value, converting
    /// F32/F64 as needed.
    ///
    /// Every name, shape and value is checked before any parameter changes, so a
    /// mismatch leaves the parameters as they were. Gradients are untouched.
    /// - Parameters:
    ///   - parameters: the parameters to fill; their names must be distinct.
    ///   - buffers: non-trainable state to fill as well (`module.buffers`), checked and reported as parameters are;
    ///     without them, a file's buffers are unexpected tensors.
    ///   - unexpected: what to do with tensors that match no parameter or buffer.
    /// - Throws: ``StateDictError`` listing every missing parameter, wrong shape,
    ///   value that is NaN or infinite (after conversion to `Scalar`) and unexpected
    ///   tensor, with what the file holds.
    public func load<Scalar: TensorScalar>(into parameters: [Parameter<Scalar>], buffers: [Buffer<Scalar>] = [],
                                           unexpected: UnexpectedTensors = .reject) throws {
        var expected: [String: [Int]] = [:]
        var values: [String: Tensor<Scalar>] = [:]
        var mismatch = StateDictError(file: source)
        mismatch.bufferNames = Set(buffers.map(\.name))
        requireDistinct(parameters.map(\.name) + buffers.map(\.name)) { Self.sameName($0, in: "SafetensorsFile.load") }
        for (name, shape) in parameters.map({ ($0.name, $0.shape) }) + buffers.map({ ($0.name, $0.shape) }) {
            expected[name] = shape
            guard let stored = tensors[name] else {
                mismatch.missing.append(.init(name: name, shape: shape))
                continue
            }
            if stored.shape != shape {
                mismatch.wrongShapes.append(.init(name: name, expected: shape, found: stored.shape))
                continue
            }
            let value = stored.converted(to: Scalar.self)
            if !value.isFinite { mismatch.nonFinite.append(name) }
            values[name] = value
        }
        for name in tensors.keys.sorted() where expected[name] == nil && !unexpected.permits(name) {
            mismatch.unexpected.append(.init(name: name, shape: tensors[name]!.shape))
        }
        guard mismatch.isEmpty else {
            mismatch.found = tensors.keys.sorted().map { .init(name: $0, shape: tensors[$0]!.shape) }
            throw mismatch
        }
        for parameter in parameters {
            parameter.value = values[parameter.name]!
        }
        for buffer in buffers {
            buffer.value = values[buffer.name]!
        }
    }

    /// The message refusing two parameters or buffers of one name (see ``distinctNamesAdvice(for:)``).
    static func sameName(_ name: String, in op: String) -> String {
        "\(op): two parameters or buffers are named \"\(name)\"; \(distinctNamesAdvice(for: name))"
    }
}

/// The way out of two parameters (or buffers) named `name`, for the messages that refuse them: layers made without a
/// `name:` (or with the same one) give their parameters the same names, `weight` for two unnamed `Linear`s,
/// `rnn.weight_ih_l0` for two stacks. A name without a dot is an unnamed layer's, which a ``Sequential`` would name by
/// its index; a Sequential keeps given names, so it is no way out for the others.
func distinctNamesAdvice(for name: String) -> String {
    "give each layer a name of its own, as each attribute of a PyTorch module has its own (Linear(…, name: \"head\") holds "
        + "head.weight and head.bias, LSTM(…, name: \"encoder\") encoder.weight_ih_l0, …)"
        + (name.contains(".") ? "" : ", or list the layers in a Sequential, which names a layer without a name by its index (0.weight)")
}

/// Why a file's tensors do not fit a set of parameters (and buffers): every missing
/// parameter, every wrong shape, every non-finite value and every unexpected tensor, at once.
public struct StateDictError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A name with a shape.
    public struct Named: Equatable, Sendable {
        /// The `state_dict` name of the parameter, buffer or tensor.
        public var name: String
        /// Its shape: the one expected for a missing parameter or buffer, the stored one for a tensor of the file.
        public var shape: [Int]
    }
    /// A parameter whose tensor in the file has another shape.
    public struct ShapeMismatch: Equatable, Sendable {
        /// The `state_dict` name of the parameter or buffer.
        public var name: String
        /// The shape of the parameter or buffer.
        public var expected: [Int]
        /// The shape of the tensor of that name in the file.
        public var found: [Int]
    }

    /// The file (path or source name).
    public var file: String
    /// Parameters and buffers with no tensor of their name, with the shape expected.
    public var missing: [Named] = []
    /// Parameters and buffers whose tensor has another shape.
    public var wrongShapes: [ShapeMismatch] = []
    /// Names of parameters and buffers whose tensor holds a NaN or an infinity (after conversion to their scalar type).
    public var nonFinite: [String] = []
    /// Tensors that match no parameter and were not allowed.
    public var unexpected: [Named] = []
    /// Every tensor the file holds, by name.
    public var found: [Named] = []
    /// The names of the buffers among the names checked, so that the lines call them buffers.
    public var bufferNames: Set<String> = []

    /// A report about `file` with no problem listed yet; ``SafetensorsFile/load(into:buffers:unexpected:)`` fills it in.
    public init(file: String) { self.file = file }

    var isEmpty: Bool { fitsShapes && nonFinite.isEmpty }

    /// Whether every parameter has a tensor of its shape and no tensor is left over (the values may still be non-finite).
    public var fitsShapes: Bool { missing.isEmpty && wrongShapes.isEmpty && unexpected.isEmpty }

    /// One line per parameter whose values are not finite.
    public var nonFiniteProblems: [String] { nonFinite.map { "\(kind($0)) \"\($0)\" holds NaN or infinite values" } }

    /// When every missing name is an unexpected one with one prefix added or removed (an `nn.LSTM` saved on its own
    /// holds `weight_ih_l0`, a stack named `rnn` expects `rnn.weight_ih_l0`): a line saying so.
    var prefixHint: String? {
        guard let first = missing.first, missing.count == unexpected.count else { return nil }
        let expected = Set(missing.map(\.name)), stored = Set(unexpected.map(\.name))
        for other in stored {
            if first.name.hasSuffix(other), first.name.count > other.count {
                let prefix = String(first.name.dropLast(other.count))
                if Set(stored.map { prefix + $0 }) == expected {
                    return "every parameter's name is a tensor's with \"\(prefix)\" before it: name the layer to match the file "
                        + "(name: \"\" for none), or rename the tensors"
                }
            } else if other.hasSuffix(first.name), other.count > first.name.count {
                let prefix = String(other.dropLast(first.name.count))
                if Set(expected.map { prefix + $0 }) == stored {
                    return "every tensor's name is a parameter's with \"\(prefix)\" before it: name the layer to match the file "
                        + "(name: \"\(prefix.dropLast(prefix.hasSuffix(".") ? 1 : 0))\"), or rename the tensors"
                }
            }
        }
        return nil
    }

    /// When the file holds no buffer at all and only buffers are missing (a model saved without its `buffers:`): a
    /// line saying so.
    var buffersHint: String? {
        guard !missing.isEmpty, missing.allSatisfy({ bufferNames.contains($0.name) }),
              !found.contains(where: { bufferNames.contains($0.name) }) else { return nil }
        return "the file holds none of the buffers (a BatchNorm's running statistics): it was saved without them; save "
            + "with SafetensorsFile(parameters:buffers:), or load with buffers: [] to keep this model's"
    }

    /// When every parameter and buffer fits and the only problem is tensors left over that are an optimizer's state
    /// (`optimizer.…`) or a BatchNorm's running statistics (a model saved with its `buffers:`, loaded without): a line
    /// saying how to load the file as it is.
    var leftoverHint: String? {
        guard missing.isEmpty, wrongShapes.isEmpty, !unexpected.isEmpty else { return nil }
        let statePrefix = OptimizerState<Float>.keyPrefix
        let names = batchNormBufferNames
        let state = unexpected.filter { $0.name.hasPrefix(statePrefix) }
        let statistics = unexpected.filter { tensor in
            [names.mean, names.variance, names.batches].contains { tensor.name == $0 || tensor.name.hasSuffix("." + $0) }
        }
        guard state.count + statistics.count == unexpected.count else { return nil }
        var ways: [String] = []
        if !statistics.isEmpty { ways.append("buffers: model.buffers, to take its running statistics (a BatchNorm's)") }
        if !state.isEmpty { ways.append("unexpected: .allow(prefixes: [\"\(statePrefix)\"]), to leave its optimizer state to restoreState") }
        return "the file holds " + (state.isEmpty ? "buffers" : statistics.isEmpty ? "an optimizer's state" : "buffers and an optimizer's state")
            + " as well as the parameters: load with " + ways.joined(separator: " and with ")
    }

    /// "parameter" or "buffer", as `name` is one or the other.
    private func kind(_ name: String) -> String { bufferNames.contains(name) ? "buffer" : "parameter" }

    /// One line per problem (after a line on names that differ only by a prefix, on a file without buffers, or on
    /// one with buffers or optimizer state left over), then what
    /// the file holds; control characters in the file's names are escaped (`escapingControlCharacters`).
    public var problems: [String] {
        ((prefixHint.map { [$0] } ?? []) + (buffersHint.map { [$0] } ?? []) + (leftoverHint.map { [$0] } ?? [])
            + missing.map { "missing \(kind($0.name)) \"\($0.name)\" (expected shape \($0.shape))" }
            + wrongShapes.map { "\(kind($0.name)) \"\($0.name)\": expected shape \($0.expected), found \($0.found)" }
            + nonFiniteProblems
            + unexpected.map { "unexpected tensor \"\($0.name)\" (shape \($0.shape))" }
            + ["the file holds: " + listItems(found.map { "\($0.name) \($0.shape)" })]).map(\.escapingControlCharacters)
    }

    /// A first line naming the file, then ``problems``, each on an indented line of its own.
    public var description: String {
        (["\(file): tensors do not match the parameters"] + problems).joined(separator: "\n  ")
    }
}

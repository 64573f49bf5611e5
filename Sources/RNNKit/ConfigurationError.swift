/// An invalid setting of a model, a training run or a sampler (from a program's input or a checkpoint).
///
/// The message names each setting it is about by the library property that holds it, qualified by
/// its type (`LanguageModelConfig.hiddenSize`), so that a program with other names for them, a
/// command line's flags say, can write its own: ``message(naming:)``. ``message`` and
/// ``description`` write the property names.
///
/// ```swift
/// ConfigurationError("the hidden size (\(setting: "LanguageModelConfig.hiddenSize")) must be positive, got 0")
///     .message { $0 == "LanguageModelConfig.hiddenSize" ? "--hidden" : $0 }
/// // "the hidden size (--hidden) must be positive, got 0"
/// ```
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Text with the settings it names marked, written as a string literal with `\(setting: "Type.property")`.
    public struct Message: Equatable, Sendable, ExpressibleByStringInterpolation {
        enum Part: Equatable, Sendable {
            case text(String)
            case setting(String)
        }
        /// Text and settings, no two texts next to each other (so that equal messages have equal parts).
        var parts: [Part] = []

        /// Text that names no setting.
        public init(_ text: String) { parts.append(text: text) }
        /// A literal without interpolations: text that names no setting.
        public init(stringLiteral value: String) { self.init(value) }
        /// An interpolated literal: `\(setting: "Type.property")` parts are settings, the rest text.
        public init(stringInterpolation: StringInterpolation) { parts = stringInterpolation.parts }

        /// Collects an interpolated literal's parts: literal text, values as text, settings, and other messages' parts.
        public struct StringInterpolation: StringInterpolationProtocol {
            var parts: [Part] = []
            /// No parts yet (the capacities are not used).
            public init(literalCapacity: Int, interpolationCount: Int) {}
            /// Appends literal text, joined to any text before it.
            public mutating func appendLiteral(_ literal: String) { parts.append(text: literal) }
            /// A value, written as `"\(value)"` would.
            public mutating func appendInterpolation(_ value: some Any) { parts.append(text: "\(value)") }
            /// Another message, its settings kept.
            public mutating func appendInterpolation(_ message: Message) { parts.append(joining: message.parts) }
            /// A setting, by the property that holds it: `Type.property`.
            public mutating func appendInterpolation(setting: String) { parts.append(.setting(setting)) }
        }

        /// Both messages, one after the other.
        public static func + (a: Message, b: Message) -> Message {
            var joined = a
            joined.parts.append(joining: b.parts)
            return joined
        }

        /// The text, each setting written as `name` gives it.
        func text(naming name: (String) -> String) -> String {
            parts.map { part in
                switch part {
                case .text(let text): text
                case .setting(let setting): name(setting)
                }
            }.joined()
        }
    }

    /// What is wrong and what was expected, with its settings marked.
    public var what: Message

    /// The error that `what` describes.
    public init(_ what: Message) { self.what = what }

    /// The message, each setting named by its property (`LanguageModelConfig.hiddenSize`).
    public var message: String { what.text { $0 } }

    /// The message, each setting written as `name` gives it (its flag, say); `name` gets `Type.property`.
    public func message(naming name: (String) -> String) -> String { what.text(naming: name) }

    /// ``message``: each setting named by its property (`LanguageModelConfig.hiddenSize`).
    public var description: String { message }

    /// Throws unless `value` > 0: "the `name` must be positive, got `value`".
    static func requirePositive(_ value: Int, _ name: Message) throws(ConfigurationError) {
        guard value > 0 else { throw ConfigurationError("the \(name) must be positive, got \(value)") }
    }

    /// Throws unless `value` is a number training can hold: ≥ 0 (> 0 when `positive`) and finite as a Float, the type
    /// training works in: "the `name` must be a finite number ≥ 0, got `value`", or, for a Double beyond Float's range
    /// (which training would hold as infinity) or, when `positive`, below Float's smallest positive value (held as 0), one
    /// that says so. The one check of every Double setting that training turns into a Float: ``OptimizerSettings``' rate,
    /// decay and momentum, ``TrainingSettings/clipNorm``, ``TrainingSettings/clipValue`` and ``ForecastConfig/clipNorm``.
    static func requireTrainingNumber(_ value: Double, _ name: Message, positive: Bool = false) throws(ConfigurationError) {
        guard (positive ? value > 0 : value >= 0) && value.isFinite else {
            throw ConfigurationError("the \(name) must be a finite number \(positive ? ">" : "≥") 0, got \(value)")
        }
        guard Float(value).isFinite else {
            throw ConfigurationError("the \(name) must be at most \(Float.greatestFiniteMagnitude), the largest Float (the type training "
                + "works in), got \(value)")
        }
        guard !positive || Float(value) > 0 else {
            throw ConfigurationError("the \(name) must be at least \(Float.leastNonzeroMagnitude), the smallest positive Float (the type "
                + "training works in, which would hold it as 0), got \(value)")
        }
    }

    /// Throws "the dropout probability (`setting`) must be in [0, 1), got `p`" unless `p` is in [0, 1): the one check of
    /// ``LanguageModelConfig/dropout`` and ``ForecastConfig/dropout``.
    static func requireDropout(_ p: Double, setting: String) throws(ConfigurationError) {
        guard p >= 0 && p < 1 else { throw ConfigurationError("the dropout probability (\(setting: setting)) must be in [0, 1), got \(p)") }
    }
}

extension [ConfigurationError.Message.Part] {
    /// Appends text, joined to the text before it.
    mutating func append(text: String) {
        if text.isEmpty { return }
        if case .text(let before)? = last { self[count - 1] = .text(before + text) } else { append(.text(text)) }
    }

    /// Appends parts, the first text joined to the text before it.
    mutating func append(joining parts: [ConfigurationError.Message.Part]) {
        for part in parts {
            if case .text(let text) = part { append(text: text) } else { append(part) }
        }
    }
}

import RNNKit

/// The files the commands' flags name (char-rnn's `--data`, `--checkpoint`, `--resume` and `--init-from`, forecast's `--csv`
/// and `--model`, and the outputs checked before the work): a refusal of one, whichever command reads or writes it,
/// starts with the flag, `--data: x.txt: cannot read the file (No such file or directory)`.
public enum FlagFile {
    /// `read()`, whose refusal of the file (a ``FileRefusal`` about it, which names the file) becomes a ``RunError`` starting
    /// with `flag` (or what else gives the file), the settings its advice names written as `name` gives them (their flags),
    /// and ending with `context` of that error.
    public static func read<T>(_ flag: String, naming name: (String) -> String = { $0 }, context: (any Error) -> String = { _ in "" },
                               _ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch let error as any FileRefusal where error.isAboutTheFile {
            throw RunError("\(flag): \(error.message(naming: name))" + context(error))
        }
    }
}

extension FlagFile {
    /// `write()`, the writing of `path`, which `flag` names, or its check before the work (``AtomicFile/checkWritable(_:)``),
    /// whose refusal of the file (an ``AtomicFileError``) becomes a ``RunError`` starting with `flag`, as ``read(_:naming:context:_:)``
    /// does for the files read: `--plot: cannot write .: it is a folder`. Standard output, where output goes by default,
    /// is named without the flag: `cannot write to standard output: No space left on device`.
    public static func write<T>(_ flag: String, to path: String, _ write: () throws -> T) throws -> T {
        path == OutputName.resolved("-") ? try write() : try read(flag, write)
    }
}

/// An error of the libraries that refuses a file and names it: what ``FlagFile`` starts with the flag that named the file.
public protocol FileRefusal: Error {
    /// Whether the error is about the file it names, rather than about a setting (true unless said otherwise).
    var isAboutTheFile: Bool { get }
    /// The message, starting with the file, the settings it names written as `name` gives them.
    func message(naming name: (String) -> String) -> String
}

extension FileRefusal {
    public var isAboutTheFile: Bool { true }
}

extension FileRefusal where Self: CustomStringConvertible {
    /// The description: these errors name no setting.
    public func message(naming _: (String) -> String) -> String { description }
}

extension SequenceDataError: FileRefusal {}
extension CheckpointError: FileRefusal {}
extension SafetensorsError: FileRefusal {}
extension StateDictError: FileRefusal {}
extension AtomicFileError: FileRefusal {}

extension ForecastError: FileRefusal {
    /// All but a setting's refusal (``ForecastError/configuration(_:)``, ``ForecastError/modelTooLarge(networks:parameters:bytes:memory:)``).
    public var isAboutTheFile: Bool {
        switch self {
        case .configuration, .modelTooLarge: false
        default: true
        }
    }
}

import CommandLineSupport
import RNNKit

/// The files char-rnn's flags name (`--data`, `--checkpoint`, `--resume`, `--init-from`): a refusal of one, whichever
/// command reads it, starts with the flag, `--data: x.txt: cannot read the file (No such file or directory)`.
enum FlagFile {
    /// `read()`, whose refusal of the file (a ``SequenceDataError`` or ``CheckpointError``, both naming the file) becomes a
    /// ``RunError`` starting with `flag` (or what else gives the file) and ending with `context` of that error.
    static func read<T>(_ flag: String, context: (any Error) -> String = { _ in "" }, _ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch where error is SequenceDataError || error is CheckpointError {
            throw RunError("\(flag): \(error)" + context(error))
        }
    }
}

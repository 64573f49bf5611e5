import ArgumentParser
import Foundation
import RNNKit

extension ParsableCommand {
    /// Parses the arguments and runs the command; every error, the parser's included, becomes one
    /// line `<command>: error: …` on stderr (a multi-line message joined by ``oneLine(_:)``) and a non-zero
    /// exit: 64 for a usage error (the parser's, ``UsageError``, or two options naming one file, `FileClashError`),
    /// else 1. `--help` and `--version` print as usual, and exit 1 when standard output cannot take them. A command
    /// that throws `ExitCode` exits with that status and prints nothing more, as with ArgumentParser's `main()`.
    public static func mainWithOneLineErrors() {
        do {
            do {
                var command = try parseAsRoot()
                try command.run()
            } catch where exitCode(for: error) == .success {
                // --help and --version, written as all output is: a failed write is an error.
                try DescriptorText.standardOutput.line(fullMessage(for: error))
            }
        } catch let status as ExitCode {
            Foundation.exit(status.rawValue)
        } catch {
            let code = error is UsageError || error is FileClashError ? ExitCode.validationFailure : exitCode(for: error)
            let line = oneLine(escapingQuotedArguments(message(for: error)))
            try? DescriptorText.standardError.line("\(lineName): error: \(line)")  // the exit status tells if this fails too
            Foundation.exit(code.rawValue == 0 ? 1 : code.rawValue)
        }
    }

    /// A message of several lines as one: its lines (split at each line feed) joined with "; ", and the items of a list
    /// (lines `- item`, as the parser lists the values of a flag of six or more: "one of the following:\n  - constant\n
    /// - cosine") with ", " after the line that introduces them ("one of the following: constant, cosine"). Any other
    /// control character, as text from an input file may bring (a carriage return, an escape), is shown escaped
    /// (`escapingControlCharacters`), so the line stays one line and leaves the terminal as it was.
    static func oneLine(_ message: String) -> String {
        let lines = message.unicodeScalars.split(separator: "\n").map { Substring($0).escapingControlCharacters }
        var joined = ""
        for line in lines.map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            let item = line.hasPrefix("- ") ? line.dropFirst(2).trimmingCharacters(in: .whitespaces) : nil
            let separator = joined.isEmpty ? "" : item == nil ? "; " : joined.hasSuffix(":") ? " " : ", "
            joined += separator + (item ?? line)
        }
        return joined
    }

    /// The message with each command-line argument it quotes as the parser does (`'value'`; of `--flag=value`, the
    /// value) shown escaped inside its quotes when it holds a control character or a line separator, so that
    /// ``oneLine(_:)`` does not take a line feed in it for one between the message's lines: `'ls\r\ntm'`.
    static func escapingQuotedArguments(_ message: String, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> String {
        let values = arguments.flatMap { argument in
            [argument] + (argument.hasPrefix("-") ? argument.split(separator: "=", maxSplits: 1).dropFirst().map(String.init) : [])
        }
        return values.filter { $0.unicodeScalars.contains(where: \.isControlOrTextSeparator) }.reduce(message) { message, value in
            message.replacingOccurrences(of: "'\(value)'", with: "'\(value.escapingControlCharacters)'")
        }
    }

    /// `<command>: warning: message`, a warning line as errors are written (`<command>: error: …`, through
    /// ``oneLine(_:)``), for the root command.
    public static func warningLine(_ message: String) -> String { "\(lineName): warning: \(oneLine(message))" }

    /// The name error and warning lines start with: the root command's `commandName`.
    private static var lineName: String { configuration.commandName ?? "\(Self.self)" }
}

import Foundation

/// What `char-rnn` and `forecast` do alike at every level, checked on the built binary: `--version` prints the
/// package's version, and every `--help` follows ``HelpWording``.
public enum SharedCommandLine {
    /// What the executable `name` (with `subcommands`) does otherwise than both should, each as a short description.
    public static func problems(of name: String, subcommands: [String], version: String) throws -> [String] {
        func run(_ arguments: [String]) throws -> ExecutableRun { try ExecutableRun(running: name, arguments) }
        var found: [String] = []
        if version.wholeMatch(of: /[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?/) == nil { found.append("'\(version)' is not a semantic version") }
        for command in [[]] + subcommands.map({ [$0] }) {
            let shown = ([name] + command).joined(separator: " ")
            let printed = try run(command + ["--version"])
            if (printed.status, printed.stdout, printed.stderr) != (0, version + "\n", "") {
                found.append("\(shown) --version: status \(printed.status), '\(printed.stdout)', '\(printed.stderr)'")
            }
            let help = try run(command + ["--help"])
            if help.status != 0 { found.append("\(shown) --help: status \(help.status), '\(help.stderr)'") }
            if command.isEmpty && !help.stdout.contains("--version") { found.append("\(shown) --help does not list --version") }
            found += HelpWording.problems(in: help.stdout).map { "\(shown) --help: \($0)" }
        }
        return found
    }
}

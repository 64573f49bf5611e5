import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// The part of a target's name its temporary files start with: the name cut to 64 bytes, which keeps
    /// `.<stem>.<pid>.<n>.tmp` well under `NAME_MAX` whatever the target's length.
    static func temporaryStem(_ name: String) -> String { String(decoding: name.utf8.prefix(64), as: UTF8.self) }

    /// Removes the temporary files of `path` that writers killed during a write (SIGKILL, a power loss) left in its
    /// folder: every `.<stem>.<pid>.<n>.tmp` whose process no longer exists (`kill(pid, 0)` fails with `ESRCH`).
    ///
    /// A temporary file of a live process (another run writing into the same folder) is never touched. Nor is one whose
    /// process number a new process has taken since: it cannot be told from a live writer's, so it stays until a write
    /// made after that process ends. Best effort: a folder that cannot be listed, or a file that cannot be removed, is left.
    static func removeLeftovers(of path: String) {
        let folder = PathText.folder(of: path)
        let prefix = "." + temporaryStem(PathText.name(of: path)) + "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let numbers = name.dropFirst(prefix.count).dropLast(".tmp".count).split(separator: ".", omittingEmptySubsequences: false)
            guard numbers.count == 2, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
                  let pid = pid_t(numbers[0]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(PathText.joining(folder, name)) }
        }
    }
}

extension AtomicFile {
    /// Renames a finished temporary file whose contents a failed ``writeNew(_:to:)`` keeps, `….tmp` to `….kept`, so
    /// that ``removeLeftovers(of:)`` leaves it once its writer has ended.
    /// - Returns: its new path, or `temporary` when the rename failed.
    static func keep(_ temporary: String) -> String {
        let kept = String(temporary.dropLast(".tmp".count)) + ".kept"
        return rename(temporary, kept) == 0 ? kept : temporary
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an atomic write failed: the target path, the step, and the system error.
public struct AtomicFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file that was to be written.
    public var path: String
    /// The step that failed.
    public var step: Step
    /// The `errno` value (0 when not a system error).
    public var code: Int32

    /// The steps of an atomic write.
    public enum Step: String, Sendable {
        case notAFileURL = "the URL is not a file URL"
        case isFolder = "it is a folder"
        case namesFolder = "the name ends in /, so it names a folder"
        case openStream = "opening the device or pipe for writing"
        case followLinks = "following its symbolic links"
        case createTemporary = "creating a temporary file in its folder"
        case write = "writing the temporary file"
        case writeStream = "writing in place"
        case permissions = "replacing it with its permissions"
        case sync = "flushing the temporary file to disk"
        case close = "closing the temporary file"
        case rename = "renaming the temporary file over it"
    }

    public var description: String {
        if step == .createTemporary && (code == ENOENT || code == ENOTDIR) {
            // Folders are not created for files: say which one is missing rather than the step.
            let folder = PathText.folder(of: path)
            var isFolder: ObjCBool = false
            if code == ENOENT && FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue {
                // The folder is there but takes no new files (/proc, say).
                return "cannot write \(path): the folder \(folder) does not take new files (\(String(cString: strerror(code))))"
            }
            return "cannot write \(path): " + (code == ENOENT ? "the folder \(folder) does not exist; create it first" : "\(folder) is not a folder")
        }
        if step == .isFolder || step == .namesFolder { return "cannot write \(path): \(step.rawValue)" }
        let reason = code == 0 ? "" : ": " + String(cString: strerror(code))
        return "cannot write \(path): \(step.rawValue) failed\(reason)"
    }
}

import FileReading
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
        /// Refused: the URL is not a `file:` URL (`code` 0).
        case notAFileURL = "the URL is not a file URL"
        /// Refused: the target is an existing folder (`EISDIR`).
        case isFolder = "it is a folder"
        /// Refused: the name ends in `/`, so it can only name a folder (`EISDIR`).
        case namesFolder = "the name ends in /, so it names a folder"
        /// Opening a device or pipe target for writing failed (when checking: it is not writable).
        case openStream = "opening the device or pipe for writing"
        /// Following the target's symbolic links failed: more than 40 of them, as in a loop (`ELOOP`).
        case followLinks = "following its symbolic links"
        /// Creating the hidden temporary file in the target's folder failed (the folder missing, not writable, …).
        case createTemporary = "creating a temporary file in its folder"
        /// Writing the bytes to the temporary file failed (a full disk, say).
        case write = "writing the temporary file"
        /// Writing in place to a device, pipe or the process's own descriptor failed.
        case writeStream = "writing in place"
        /// The existing target is not writable by the user (refused, as a shell's `>` would),
        /// or its permission bits could not be given to the temporary file.
        case permissions = "replacing it with its permissions"
        /// `fsync` of the temporary file failed: the bytes may not have reached the disk.
        case sync = "flushing the temporary file to disk"
        /// Closing the temporary file failed.
        case close = "closing the temporary file"
        /// Linking the temporary file to a target that must not be replaced failed (`EEXIST`: every numbered name was taken too).
        case link = "linking the temporary file to its name"
        /// Renaming the temporary file over the target failed (when checking: the name is longer than `NAME_MAX`).
        case rename = "renaming the temporary file over it"
    }

    /// `cannot write <path>: <step> failed: <system reason>`; a missing folder or a folder that takes
    /// no new files is named as such instead of the step, and a standard stream (`/dev/stdout`, ``StreamName/of(_:)``) is
    /// `cannot write to standard output: <system reason>`.
    public var description: String {
        if let stream = StreamName.of(path) { return "cannot write to \(stream): " + String(cString: strerror(code)) }
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

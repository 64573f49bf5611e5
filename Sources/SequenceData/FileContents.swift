import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the data files of RNNKit's loaders (texts, CSV series).
public enum FileContents {
    /// The bytes of the regular file at `path`, memory-mapped.
    ///
    /// The file's type is checked before it is opened, so a pipe or a device is
    /// refused rather than read forever.
    /// - Throws: ``SequenceDataError/unreadable(file:reason:)`` with the reason: the
    ///   system's (no such file, no permission), a folder, or not a regular file.
    public static func read(_ path: String) throws(SequenceDataError) -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .unreadable(file: path, reason: "it is a folder")
        default: throw .unreadable(file: path, reason: "it is a device, pipe or socket, not a regular file")
        }
        do {
            // An absolute URL keeps `..` for the system to resolve through links (a relative one loses it as text).
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            return try Data(contentsOf: URL(fileURLWithPath: absolute), options: .alwaysMapped)
        } catch {
            if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
                throw .unreadable(file: path, reason: String(cString: strerror(Int32(posix.code))))
            }
            throw .unreadable(file: path, reason: error.localizedDescription)
        }
    }
}

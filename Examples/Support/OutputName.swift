import ArgumentParser
import RNNKit

/// Output file names as both command lines take them.
public enum OutputName {
    /// `name`, with `-` meaning standard output (`/dev/stdout`), as in most command-line tools.
    public static func resolved(_ name: String) -> String { name == "-" ? "/dev/stdout" : name }

    /// The names ``requireSVG(_:flag:)`` takes, in the words of the `--plot` help of both commands.
    public static let svgNames = "a name ending in .svg, or without an extension"

    /// Refuses a chart name whose extension says another format (`loss.png`): the file would hold SVG.
    /// A name without an extension, or ending in `.svg` in any case, is taken.
    /// - Throws: `ValidationError` (a usage error) naming `flag`.
    public static func requireSVG(_ name: String?, flag: String) throws {
        guard let name, let base = name.split(separator: "/").last, let dot = base.lastIndex(of: "."), dot != base.startIndex else { return }
        let ext = base[base.index(after: dot)...]
        guard ext.lowercased() == "svg" else {
            throw ValidationError("\(flag) \(StreamName.shown(name)): the chart is written as SVG, so its name should end in .svg, not .\(ext.escapingControlCharacters)")
        }
    }
}

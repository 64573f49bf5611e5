import Foundation

/// An SVG document built element by element, as both command lines draw their charts: one element a line,
/// coordinates with one decimal, text and attribute values escaped.
///
///     var svg = SVG(width: 720, height: 440)
///     svg.element("line", ["x1": 10.0, "x2": 100.0, "y1": 20.0, "y2": 20.0, "stroke": "black"])
///     svg.element("text", ["x": 10.0, "y": 40.0], text: "loss")
///     try AtomicFile.write(svg.document, to: url)
public struct SVG: Sendable {
    /// The size of the document in SVG pixels.
    public let width: Double, height: Double
    private var lines: [String]

    /// An empty document `width` × `height` (whole pixels in its size and view box) with `attributes` on its
    /// root element (a font for all its text, say).
    public init(width: Double, height: Double, attributes: KeyValuePairs<String, any SVGAttribute> = [:]) {
        self.width = width
        self.height = height
        let size: KeyValuePairs<String, any SVGAttribute> = [
            "xmlns": "http://www.w3.org/2000/svg", "width": Int(width), "height": Int(height),
            "viewBox": "0 0 \(Int(width)) \(Int(height))",
        ]
        lines = ["<svg" + Self.attributes(size) + Self.attributes(attributes) + ">"]
    }

    /// Adds `<name attributes/>`, or `<name attributes>text</name>` with `text` escaped.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, any SVGAttribute>, text: String? = nil) {
        append(name, Self.attributes(attributes), text: text)
    }

    /// Adds `<name attributes><title>title</title></name>`: an element with a tooltip, `title` escaped.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, any SVGAttribute>, title: String) {
        lines.append("<\(name)" + Self.attributes(attributes) + "><title>\(Self.escape(title))</title></\(name)>")
    }

    /// Adds a grid line across the plot at height `y`, from `left` to `right`, and its label `text` ending 6 pixels left
    /// of it, 4 pixels lower (so its digits centre on the line), with `labelAttributes` after its position and anchor.
    public mutating func gridLine(y: Double, from left: Double, to right: Double, stroke: String, label text: String,
                                  labelAttributes: KeyValuePairs<String, any SVGAttribute> = [:]) {
        element("line", ["x1": left, "x2": right, "y1": y, "y2": y, "stroke": stroke])
        append("text", Self.attributes(["x": left - 6, "y": y + 4, "text-anchor": "end"]) + Self.attributes(labelAttributes), text: text)
    }

    /// The document: the root element, every element added, one a line, and the closing tag.
    public var document: String { lines.joined(separator: "\n") + "\n</svg>\n" }

    /// A coordinate or length as the charts write it: one decimal.
    public static func number(_ x: Double) -> String { String(format: "%.1f", x) }

    /// A point `x,y`, each with one decimal.
    public static func point(_ x: Double, _ y: Double) -> String { "\(number(x)),\(number(y))" }

    /// `text` with `&`, `<` and `>` escaped, as element text; attribute values have `"` escaped too.
    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Adds `<name attributes/>`, or `<name attributes>text</name>` with `text` escaped; `attributes` written.
    private mutating func append(_ name: String, _ attributes: String, text: String?) {
        lines.append("<\(name)\(attributes)" + (text.map { ">\(Self.escape($0))</\(name)>" } ?? "/>"))
    }

    /// ` name="value"` for each attribute, in their order.
    private static func attributes(_ attributes: KeyValuePairs<String, any SVGAttribute>) -> String {
        attributes.map { " \($0.key)=\"\(escape($0.value.svgText).replacingOccurrences(of: "\"", with: "&quot;"))\"" }.joined()
    }
}

/// A value an ``SVG`` attribute takes: text as it is, a whole number in digits, a `Double` with one decimal.
public protocol SVGAttribute: Sendable {
    /// The value as the attribute writes it (before escaping).
    var svgText: String { get }
}

extension String: SVGAttribute {
    public var svgText: String { self }
}

extension Int: SVGAttribute {
    public var svgText: String { String(self) }
}

extension Double: SVGAttribute {
    public var svgText: String { SVG.number(self) }
}

import Requirements

/// Differentiable arithmetic: elementwise +, -, *, / between equal shapes, or
/// with a right operand broadcast as a row over the last dimension
/// (`x [.., F] + bias [F]`), and with scalars.
extension Variable {
    /// How a right operand lines up with a left one.
    private static func broadcastsAsRow(_ lhs: Tensor<Scalar>, _ rhs: Tensor<Scalar>, _ op: String) -> Bool {
        if lhs.shape == rhs.shape { return false }
        if rhs.count == lhs.cols && (rhs.rank == 1 || (rhs.rank == 2 && rhs.shape[0] == 1)) { return true }
        failRequirement("\(op): shapes \(lhs.shape) and \(rhs.shape) neither match nor broadcast as a row")
    }

    /// `lhs + rhs`; `rhs` may be a row [F] broadcast over `lhs` [.., F].
    @_specialize(where Scalar == Float)
    public static func + (lhs: Variable, rhs: Variable) -> Variable {
        let row = broadcastsAsRow(lhs.value, rhs.value, "+")
        let out = row ? lhs.value.addingRow(rhs.value) : lhs.value + rhs.value
        let (a, b, bShape) = (lhs.id, rhs.id, rhs.shape)
        return lhs.tape.record(out, inputs: [lhs, rhs]) { tape, g in
            tape.accumulate(g, into: a)
            tape.accumulate(row ? g.sumRows().reshaped(bShape) : g, into: b)
        }
    }

    /// `lhs - rhs`; `rhs` may be a row [F] broadcast over `lhs` [.., F].
    public static func - (lhs: Variable, rhs: Variable) -> Variable { lhs + (-rhs) }

    /// `-x`.
    public static prefix func - (x: Variable) -> Variable { x * Scalar(-1) }

    /// Elementwise product; `rhs` may be a row [F] broadcast over `lhs` [.., F].
    @_specialize(where Scalar == Float)
    public static func * (lhs: Variable, rhs: Variable) -> Variable {
        let row = broadcastsAsRow(lhs.value, rhs.value, "*")
        let (x, y) = (lhs.value, rhs.value)
        let yFull = row ? Tensor(zeros: x.shape).addingRow(y) : y
        let out = x * yFull
        let (a, b, bShape) = (lhs.id, rhs.id, rhs.shape)
        return lhs.tape.record(out, inputs: [lhs, rhs]) { tape, g in
            if a >= 0 { tape.accumulate(g * yFull, into: a) }
            if b >= 0 {
                let gy = g * x
                tape.accumulate(row ? gy.sumRows().reshaped(bShape) : gy, into: b)
            }
        }
    }

    /// Elementwise quotient; `rhs` may be a row [F] broadcast over `lhs` [.., F].
    public static func / (lhs: Variable, rhs: Variable) -> Variable { lhs * rhs.reciprocal() }

    /// `1 / x` elementwise; gradient `-y²`.
    public func reciprocal() -> Variable { applying(.reciprocal) }

    /// `scale * x + shift` elementwise.
    @_specialize(where Scalar == Float)
    public func affine(scale: Scalar, shift: Scalar) -> Variable {
        let a = id
        return tape.record(value.affine(scale: scale, shift: shift), inputs: [self]) { tape, g in
            tape.accumulate(g * scale, into: a)
        }
    }

    /// `x * s`.
    public static func * (lhs: Variable, rhs: Scalar) -> Variable { lhs.affine(scale: rhs, shift: 0) }
    /// `s * x`.
    public static func * (lhs: Scalar, rhs: Variable) -> Variable { rhs.affine(scale: lhs, shift: 0) }
    /// `x / s`.
    public static func / (lhs: Variable, rhs: Scalar) -> Variable { lhs.affine(scale: 1 / rhs, shift: 0) }
    /// `x + s`.
    public static func + (lhs: Variable, rhs: Scalar) -> Variable { lhs.affine(scale: 1, shift: rhs) }
    /// `s + x`.
    public static func + (lhs: Scalar, rhs: Variable) -> Variable { rhs.affine(scale: 1, shift: lhs) }
    /// `x - s`.
    public static func - (lhs: Variable, rhs: Scalar) -> Variable { lhs.affine(scale: 1, shift: -rhs) }
    /// `s - x`.
    public static func - (lhs: Scalar, rhs: Variable) -> Variable { rhs.affine(scale: -1, shift: lhs) }

    /// `x²` elementwise.
    public func squared() -> Variable { self * self }

    /// `|x|` elementwise (gradient `sign(x)`, 0 at 0).
    public func abs() -> Variable { applying(.abs) }
}

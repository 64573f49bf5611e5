/// The loops of the activations with settings (``ElementwiseFunction/leakyReLU(negativeSlope:)``, ELU,
/// GELU, SiLU, softplus), each forward beside its backward: the forward `y[i] = f(x[i])` (x and y may
/// alias), the backward `g[i] *= f′(x[i])` in place. They follow PyTorch's CPU kernels, branches and
/// constants included, and differ only where PyTorch's form loses its digits: the GELU's negative tail
/// (Φ(x) is ½·erfc(−x/√2), and the tanh form's ½(1 + tanh u) is σ(2u)) and softplus below its threshold
/// (max(βx, 0) + log1p(e^−|βx|), which never overflows).
extension TensorScalar {
    /// (σ(z), 1 − σ(z)) from one exp that never overflows, each to full relative precision.
    @inlinable static func sigmoidPair(_ z: Self) -> (Self, Self) {
        let e = Self.exp(-Swift.abs(z))
        let large = 1 / (1 + e), small = e * large   // σ(|z|), σ(−|z|)
        return z >= 0 ? (large, small) : (small, large)
    }

    /// softplus(z) = log(1 + e^z) as max(z, 0) + log1p(e^−|z|), which never overflows nor loses the digits of a
    /// tiny result (also −log σ(−z), the binary cross-entropy's form).
    @inlinable static func softplus(_ z: Self) -> Self { Swift.max(z, 0) + Self.log1p(Self.exp(-Swift.abs(z))) }

    // MARK: LeakyReLU

    @inlinable static func leakyReLUForward(_ slope: Self, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n { let v = x[i]; y[i] = v > 0 ? v : v * slope }
    }

    @inlinable static func leakyReLUBackward(_ slope: Self, _ x: UnsafePointer<Self>, _ g: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n where !(x[i] > 0) { g[i] *= slope }
    }

    // MARK: ELU

    @inlinable static func eluForward(_ alpha: Self, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n { let v = x[i]; y[i] = v <= 0 ? alpha * Self.expm1(v) : v }
    }

    /// αe^x from x, not y + α, which loses the digits of a tiny e^x.
    @inlinable static func eluBackward(_ alpha: Self, _ x: UnsafePointer<Self>, _ g: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n where x[i] <= 0 { g[i] *= alpha * Self.exp(x[i]) }
    }

    // MARK: GELU

    /// √(1/2), for Φ(x) = ½·erfc(−x·√(1/2)).
    @inlinable static var geluSqrtHalf: Self { 0.70710678118654752440 }
    /// 1/√(2π), φ(0).
    @inlinable static var geluDensityScale: Self { 0.39894228040143267794 }
    /// √(2/π), the tanh form's scale of x + κx³.
    @inlinable static var geluTanhBeta: Self { 0.79788456080286535588 }
    /// κ = 0.044715, the tanh form's cubic coefficient.
    @inlinable static var geluTanhKappa: Self { 0.044715 }

    /// u = √(2/π)(x + κx³), the tanh form's argument.
    @inlinable static func geluTanhArgument(_ v: Self) -> Self { geluTanhBeta * (v + geluTanhKappa * (v * v * v)) }

    @inlinable static func geluForward(_ approximation: GELUApproximation, _ x: UnsafePointer<Self>,
                                       _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        switch approximation {
        case .exact:
            for i in 0..<n { let v = x[i]; y[i] = v * (Self.erfc(-v * geluSqrtHalf) / 2) }
        case .tanh:
            // ½x(1 + tanh u) = x·σ(2u).
            for i in 0..<n { let v = x[i]; y[i] = v * sigmoidPair(2 * geluTanhArgument(v)).0 }
        }
    }

    @inlinable static func geluBackward(_ approximation: GELUApproximation, _ x: UnsafePointer<Self>,
                                        _ g: UnsafeMutablePointer<Self>, _ n: Int) {
        switch approximation {
        case .exact:
            // Φ(x) + x·φ(x).
            for i in 0..<n {
                let v = x[i]
                g[i] *= Self.erfc(-v * geluSqrtHalf) / 2 + v * (Self.exp(-(v * v) / 2) * geluDensityScale)
            }
        case .tanh:
            // σ(2u) + x·2σ′(2u)·u′, σ′ = σ(1 − σ), u′ = √(2/π)(1 + 3κx²); the second term is skipped where
            // σ′ is 0, so that a huge x (u′ infinite) gives σ(2u) and not NaN.
            for i in 0..<n {
                let v = x[i]
                let (s, rest) = sigmoidPair(2 * geluTanhArgument(v))
                let slope = s * rest
                g[i] *= slope == 0 ? s : s + 2 * v * slope * (geluTanhBeta * (1 + 3 * geluTanhKappa * (v * v)))
            }
        }
    }

    // MARK: SiLU

    @inlinable static func siluForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n { let v = x[i]; y[i] = v * sigmoidPair(v).0 }
    }

    @inlinable static func siluBackward(_ x: UnsafePointer<Self>, _ g: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n {
            let (s, rest) = sigmoidPair(x[i])
            g[i] *= s * (1 + x[i] * rest)
        }
    }

    // MARK: Softplus

    @inlinable static func softplusForward(beta: Self, threshold: Self, _ x: UnsafePointer<Self>,
                                           _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n {
            let v = x[i], z = v * beta
            y[i] = z > threshold ? v : softplus(z) / beta
        }
    }

    @inlinable static func softplusBackward(beta: Self, threshold: Self, _ x: UnsafePointer<Self>,
                                            _ g: UnsafeMutablePointer<Self>, _ n: Int) {
        for i in 0..<n {
            let z = x[i] * beta
            if !(z > threshold) { g[i] *= sigmoidPair(z).0 }
        }
    }
}

/// The elementwise functions of the tape ops (``Variable/tanh()``,
/// ``Variable/relu()``, ...), each with its derivative, run as one kernel per
/// buffer (``TensorScalar/elementwiseKernel(_:_:_:_:)``) in both directions.
///
/// The activations with settings carry them as PyTorch's functions take them, as
/// Python floats (`Double`), rounded to the tensor's element type when they run.
public enum ElementwiseFunction: Sendable, Equatable {
    /// tanh x; derivative 1 − y².
    case tanh
    /// 1 / (1 + e^−x); derivative y (1 − y).
    case sigmoid
    /// max(x, 0); derivative 1 where x > 0, else 0.
    case relu
    /// e^x; derivative y.
    case exp
    /// log x; derivative 1 / x.
    case log
    /// √x; derivative 1 / (2y).
    case sqrt
    /// 1 / x; derivative −y².
    case reciprocal
    /// |x|; derivative sign(x), 0 at 0.
    case abs
    /// x where x > 0, else negativeSlope·x (`F.leaky_relu`); derivative 1 where x > 0, else negativeSlope.
    case leakyReLU(negativeSlope: Double)
    /// x where x > 0, else α(e^x − 1) (`F.elu`); derivative 1 where x > 0, else αe^x.
    case elu(alpha: Double)
    /// x·Φ(x), Φ the standard normal distribution function, exact or by tanh (`F.gelu`); see ``GELUApproximation``.
    case gelu(GELUApproximation)
    /// x·σ(x), σ the logistic sigmoid (`F.silu`, also called swish); derivative σ(x)(1 + x(1 − σ(x))).
    case silu
    /// log(1 + e^(βx)) / β, and x itself where βx > threshold (`F.softplus`); derivative σ(βx), 1 above the threshold.
    case softplus(beta: Double, threshold: Double)
}

/// How ``ElementwiseFunction/gelu(_:)`` computes Φ(x), as PyTorch's `approximate` argument
/// (its strings are the raw values).
public enum GELUApproximation: String, Sendable {
    /// Φ(x) = ½(1 + erf(x/√2)), PyTorch's `approximate='none'` (its default);
    /// derivative Φ(x) + x·φ(x), φ the standard normal density.
    case exact = "none"
    /// Φ(x) ≈ ½(1 + tanh(√(2/π)(x + 0.044715x³))), PyTorch's `approximate='tanh'`.
    case tanh
}

extension TensorScalar {
    /// Default: `y[i] = f(x[i])` for i in 0..<n; tanh, sigmoid, exp and log go through their own kernels (`tanhKernel`, …),
    /// the activations with settings through the loops of `Kernels+Activations.swift`.
    @inlinable public static func elementwiseKernel(_ f: ElementwiseFunction, _ x: UnsafePointer<Self>,
                                                    _ y: UnsafeMutablePointer<Self>, _ n: Int) {
        switch f {
        case .tanh: tanhKernel(x, y, n)
        case .sigmoid: sigmoidKernel(x, y, n)
        case .exp: expKernel(x, y, n)
        case .log: logKernel(x, y, n)
        case .relu: for i in 0..<n { y[i] = Swift.max(x[i], 0) }
        case .sqrt: for i in 0..<n { y[i] = x[i].squareRoot() }
        case .reciprocal: for i in 0..<n { y[i] = 1 / x[i] }
        case .abs: for i in 0..<n { y[i] = Swift.abs(x[i]) }
        case .leakyReLU(let slope): leakyReLUForward(Self(slope), x, y, n)
        case .elu(let alpha): eluForward(Self(alpha), x, y, n)
        case .gelu(let approximation): geluForward(approximation, x, y, n)
        case .silu: siluForward(x, y, n)
        case .softplus(let beta, let threshold): softplusForward(beta: Self(beta), threshold: Self(threshold), x, y, n)
        }
    }

    /// Default: `g[i] *= f′` for i in 0..<n, f′ taken from the output `y` (tanh, sigmoid, exp, sqrt, reciprocal)
    /// or the input `x` (log, relu, abs and the activations with settings); relu zeroes `g` where x ≤ 0, abs where x = 0.
    @inlinable public static func elementwiseBackwardKernel(_ f: ElementwiseFunction, x: UnsafePointer<Self>, y: UnsafePointer<Self>,
                                                            _ g: UnsafeMutablePointer<Self>, _ n: Int) {
        switch f {
        case .tanh: for i in 0..<n { g[i] *= 1 - y[i] * y[i] }
        case .sigmoid: for i in 0..<n { g[i] *= y[i] * (1 - y[i]) }
        case .relu: for i in 0..<n { g[i] = x[i] > 0 ? g[i] : 0 }
        case .exp: for i in 0..<n { g[i] *= y[i] }
        case .log: for i in 0..<n { g[i] /= x[i] }
        case .sqrt: for i in 0..<n { g[i] /= 2 * y[i] }
        case .reciprocal: for i in 0..<n { g[i] *= -(y[i] * y[i]) }
        case .abs: for i in 0..<n { g[i] = x[i] > 0 ? g[i] : (x[i] < 0 ? -g[i] : 0) }
        case .leakyReLU(let slope): leakyReLUBackward(Self(slope), x, g, n)
        case .elu(let alpha): eluBackward(Self(alpha), x, g, n)
        case .gelu(let approximation): geluBackward(approximation, x, g, n)
        case .silu: siluBackward(x, g, n)
        case .softplus(let beta, let threshold): softplusBackward(beta: Self(beta), threshold: Self(threshold), x, g, n)
        }
    }
}

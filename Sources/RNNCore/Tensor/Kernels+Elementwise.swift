/// The elementwise functions of the tape ops (``Variable/tanh()``,
/// ``Variable/relu()``, ...), each with its derivative, run as one kernel per
/// buffer (``TensorScalar/elementwiseKernel(_:_:_:_:)``) in both directions.
public enum ElementwiseFunction: Sendable, CaseIterable {
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
}

extension TensorScalar {
    /// Default: `y[i] = f(x[i])` for i in 0..<n; tanh, sigmoid, exp and log go through their own kernels (`tanhKernel`, …).
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
        }
    }

    /// Default: `g[i] *= f′` for i in 0..<n, f′ taken from the output `y` (tanh, sigmoid, exp, sqrt, reciprocal)
    /// or the input `x` (log, relu, abs); relu zeroes `g` where x ≤ 0, abs where x = 0.
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
        }
    }
}

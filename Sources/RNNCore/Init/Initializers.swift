import Requirements

/// How to fill a new weight tensor. Every random initializer draws from an
/// explicit ``SeededGenerator``, one draw per element in row-major order, so
/// the same seed gives the same weights.
///
/// Fans follow PyTorch (`torch.nn.init._calculate_fan_in_and_fan_out`): for a
/// weight [O, I, k…], fanIn = I·Πk and fanOut = O·Πk. A vector (a bias) has
/// no fans of its own: pass its layer's `fanIn`.
public enum Initializer: Sendable, Equatable {
    /// Every element 0.
    case zeros
    /// Every element `value`.
    case constant(Double)
    /// N(0, std²); PyTorch's default for `nn.Embedding` (std 1).
    case normal(std: Double = 1)
    /// PyTorch's default for `nn.Linear` and recurrent weights and biases:
    /// U(-1/√fanIn, 1/√fanIn).
    case pytorchDefault
    /// Glorot & Bengio (2010): U(-a, a) with a = gain·√(6 / (fanIn + fanOut)).
    case xavierUniform(gain: Double = 1)
    /// Glorot & Bengio (2010): N(0, std²) with std = gain·√(2 / (fanIn + fanOut)).
    case xavierNormal(gain: Double = 1)
    /// He et al. (2015), fan-in mode: U(-a, a) with a = gain·√(3 / fanIn);
    /// the default gain √2 is PyTorch's for ReLU.
    case kaimingUniform(gain: Double = 1.4142135623730951)
    /// He et al. (2015), fan-in mode: N(0, std²) with std = gain / √fanIn;
    /// the default gain √2 is PyTorch's for ReLU.
    case kaimingNormal(gain: Double = 1.4142135623730951)
    /// Saxe et al. (2014): `gain` times a random orthogonal matrix, the Q of
    /// the QR decomposition of a standard normal [O, I·Πk] matrix (transposed
    /// when wider than tall), with PyTorch's sign correction (diag R > 0).
    case orthogonal(gain: Double = 1)

    /// PyTorch's `calculate_gain("relu")`.
    public static let reluGain = 2.0.squareRoot()

    /// (fanIn, fanOut) of a weight of rank ≥ 2, as PyTorch computes them.
    public static func fans(of shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        require(shape.count >= 2, "Initializer.fans: needs rank ≥ 2, got shape \(shape)")
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// A new tensor of `shape` filled by this initializer.
    ///
    /// - Parameters:
    ///   - shape: the tensor's shape, e.g. [O, I] for a linear weight.
    ///   - fanIn: overrides the fan-in computed from `shape`; required for a
    ///     vector with ``pytorchDefault`` (a bias uses its weight's fan-in).
    ///   - generator: the random stream; advanced by one draw per element
    ///     (none for ``zeros`` and ``constant(_:)``).
    /// - Returns: the initialized tensor.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func tensor<Scalar: TensorScalar>(_ shape: [Int], fanIn: Int? = nil,
                                             generator: inout SeededGenerator) -> Tensor<Scalar> {
        let count = shape.reduce(1, *)
        func fanPair() -> (Int, Int) {
            let f = Self.fans(of: shape)
            return (fanIn ?? f.fanIn, f.fanOut)
        }
        func uniform(_ bound: Double) -> Tensor<Scalar> {
            Tensor(shape: shape, scalars: (0..<count).map { _ in Scalar(generator.uniform(-bound, bound)) })
        }
        func normal(_ std: Double) -> Tensor<Scalar> {
            Tensor(shape: shape, scalars: (0..<count).map { _ in Scalar(std * generator.normal()) })
        }
        switch self {
        case .zeros:
            return Tensor(zeros: shape)
        case .constant(let value):
            return Tensor(repeating: Scalar(value), shape: shape)
        case .normal(let std):
            return normal(std)
        case .pytorchDefault:
            let fin = fanIn ?? Self.fans(of: shape).fanIn
            require(fin > 0, "Initializer.pytorchDefault: fan-in \(fin) for shape \(shape)")
            return uniform(1 / Double(fin).squareRoot())
        case .xavierUniform(let gain):
            let (fin, fout) = fanPair()
            return uniform(gain * (6 / Double(fin + fout)).squareRoot())
        case .xavierNormal(let gain):
            let (fin, fout) = fanPair()
            return normal(gain * (2 / Double(fin + fout)).squareRoot())
        case .kaimingUniform(let gain):
            return uniform(gain * (3 / Double(fanPair().0)).squareRoot())
        case .kaimingNormal(let gain):
            return normal(gain / Double(fanPair().0).squareRoot())
        case .orthogonal(let gain):
            return Self.orthogonal(shape, gain: gain, generator: &generator)
        }
    }

    /// Orthogonal initialization by modified Gram–Schmidt (applied twice for
    /// stability) on the columns of the tall normal matrix. Gram–Schmidt gives
    /// R a positive diagonal, which is exactly PyTorch's sign-corrected Q.
    private static func orthogonal<Scalar: TensorScalar>(_ shape: [Int], gain: Double,
                                                          generator: inout SeededGenerator) -> Tensor<Scalar> {
        require(shape.count >= 2, "Initializer.orthogonal: needs rank ≥ 2, got shape \(shape)")
        let rows = shape[0], cols = shape.dropFirst().reduce(1, *)
        let a = (0..<(rows * cols)).map { _ in generator.normal() }  // [rows, cols]
        let tall = rows >= cols
        let (m, n) = tall ? (rows, cols) : (cols, rows)              // the tall matrix [m, n]
        var q: [[Double]] = []                                       // n orthonormal columns of length m
        for j in 0..<n {
            var v = (0..<m).map { i in tall ? a[i * cols + j] : a[j * cols + i] }
            for _ in 0..<2 {
                for u in q {
                    let d = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                    for i in 0..<m { v[i] -= d * u[i] }
                }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            q.append(v.map { $0 / norm })
        }
        var out = [Scalar](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            for c in 0..<cols { out[r * cols + c] = Scalar(gain * (tall ? q[c][r] : q[r][c])) }
        }
        return Tensor(shape: shape, scalars: out)
    }
}

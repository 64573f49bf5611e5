import Requirements

/// The running statistics of a ``BatchNorm`` layer. A reference type, so
/// every copy of the layer (and an evaluation after training) sees the
/// updates of training steps.
public final class BatchNormStatistics<Scalar: TensorScalar> {
    /// [F], the running mean (starts at 0).
    public var mean: Tensor<Scalar>
    /// [F], the running unbiased variance (starts at 1).
    public var variance: Tensor<Scalar>
    /// Training batches seen so far (PyTorch's `num_batches_tracked`).
    public var batchesTracked: Int

    /// Fresh statistics for F features: mean 0, variance 1.
    public init(featureCount: Int) {
        mean = Tensor(zeros: [featureCount])
        variance = Tensor(repeating: 1, shape: [featureCount])
        batchesTracked = 0
    }
}

/// Batch normalization (Ioffe & Szegedy, 2015) over the rows of [N, F], as
/// PyTorch's `nn.BatchNorm1d(F)`.
///
/// In training (``Tape/isTraining``) it normalizes with the batch mean and
/// biased variance, and updates the running statistics with momentum m:
/// `running = (1 - m)·running + m·batch`, using the *unbiased* batch variance.
/// In evaluation it normalizes with the running statistics. Then
/// y = x̂ ⊙ weight + bias.
///
/// Shapes: input [N, F] (or [.., F], every leading position a row: [N, L, F] is
/// features last, where `nn.BatchNorm1d` takes [N, F, L]), weight [F]
/// (ones), bias [F] (zeros), output like the input. Parameters are named
/// `name.weight` and `name.bias`; the buffers `name.running_mean`,
/// `name.running_var` and `name.num_batches_tracked` are in ``buffers``, with the weight's prefix (so
/// they follow it when a ``Sequential`` names the layer by its index).
public struct BatchNorm<Scalar: TensorScalar>: Layer {
    /// [F], the scale γ.
    public let weight: Parameter<Scalar>
    /// [F], the shift β.
    public let bias: Parameter<Scalar>
    /// The running statistics, shared by every copy of this layer.
    public let running: BatchNormStatistics<Scalar>
    /// Weight m of the batch statistics in the running update.
    public let momentum: Scalar
    /// Added to the variance before the square root.
    public let epsilon: Scalar

    /// - Parameters:
    ///   - featureCount: F.
    ///   - momentum: m in the running update (PyTorch's 0.1).
    ///   - epsilon: added to the variance (PyTorch's 1e-5).
    ///   - name: the `state_dict` prefix.
    public init(featureCount: Int, momentum: Scalar = 0.1, epsilon: Scalar = 1e-5, name: String = "") {
        require(featureCount >= 1, "BatchNorm: featureCount \(featureCount) must be ≥ 1")
        weight = Parameter(name: qualifiedName(name, "weight"), value: Tensor(repeating: 1, shape: [featureCount]))
        bias = Parameter(name: qualifiedName(name, "bias"), value: Tensor(zeros: [featureCount]))
        running = BatchNormStatistics(featureCount: featureCount)
        self.momentum = momentum
        self.epsilon = epsilon
    }

    /// `[weight, bias]`.
    public var parameters: [Parameter<Scalar>] { [weight, bias] }

    /// The non-trainable state under its `state_dict` names: running mean and variance [F], and the count of
    /// training batches [] (`num_batches_tracked`; a value read in is rounded toward zero into 0...2^53).
    /// Their prefix is the weight's: `1.running_mean` beside `1.weight`.
    public var buffers: [Buffer<Scalar>] {
        let (running, shape) = (running, [weight.shape[0]])
        let prefix = weight.name.lastIndex(of: ".").map { String(weight.name[...$0]) } ?? ""  // `1.` of `1.weight`
        let names = batchNormBufferNames
        return [Buffer(name: prefix + names.mean, shape: shape, read: { running.mean }, write: { running.mean = $0 }),
                Buffer(name: prefix + names.variance, shape: shape, read: { running.variance }, write: { running.variance = $0 }),
                Buffer(name: prefix + names.batches, shape: [],
                       read: { Tensor(shape: [], scalars: [Scalar(running.batchesTracked)]) },
                       write: { running.batchesTracked = Int(Swift.min(Swift.max(Double($0.scalar), 0), 0x1p53).rounded(.towardZero)) })]
    }

    /// x [N, F] -> [N, F].
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let f = weight.shape[0]
        require(x.value.cols == f, "BatchNorm: input \(x.shape) for \(f) features")
        let tape = x.tape
        let normalized: Variable<Scalar>
        if tape.isTraining {
            let n = x.value.rows
            require(n > 1, "BatchNorm: training needs more than one row per feature, got input \(x.shape); "
                    + "drop a last minibatch of one row (PyTorch's drop_last=True)")
            let mean = x.meanRows()                                    // [F]
            let centered = x - mean                                    // [N, F]
            let variance = centered.squared().meanRows()               // [F], biased
            normalized = centered * (variance + epsilon).sqrt().reciprocal()
            update(mean: mean.value, biasedVariance: variance.value, rows: n)
        } else {
            let inverseStd = running.variance.map { v, s, k in
                for i in 0..<k { s[i] = 1 / (v[i] + epsilon).squareRoot() }
            }
            normalized = (x - tape.constant(running.mean)) * tape.constant(inverseStd)
        }
        return normalized * tape.read(weight) + tape.read(bias)
    }

    /// running = (1 - m)·running + m·batch, with the unbiased batch variance.
    private func update(mean: Tensor<Scalar>, biasedVariance: Tensor<Scalar>, rows n: Int) {
        let m = momentum
        running.mean = running.mean * (1 - m)
        running.mean.add(mean, scaledBy: m)
        running.variance = running.variance * (1 - m)
        running.variance.add(biasedVariance, scaledBy: m * Scalar(n) / Scalar(n - 1))
        running.batchesTracked += 1
    }
}

/// The names of a ``BatchNorm``'s buffers after its prefix, PyTorch's.
let batchNormBufferNames = (mean: "running_mean", variance: "running_var", batches: "num_batches_tracked")

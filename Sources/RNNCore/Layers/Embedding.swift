import Requirements

/// A lookup table of token vectors.
///
/// Shapes: table [V, E] (named `name.weight`, as in PyTorch); ids [N] ->
/// [N, E], or ids of any shape S (e.g. [B, T]) -> S + [E]. The gradient
/// scatter-adds into the rows that were used, summing repeated ids.
public struct Embedding<Scalar: TensorScalar>: Module {
    /// The table [V, E]: row i is the vector of token id i (`name.weight`).
    public let weight: Parameter<Scalar>

    /// A table with freshly initialized vectors.
    ///
    /// - Parameters:
    ///   - vocabularySize: V.
    ///   - embeddingSize: E.
    ///   - name: the `state_dict` prefix (`embed` gives `embed.weight`).
    ///   - initializer: N(0, 1) by default, like PyTorch.
    ///   - generator: the random stream.
    public init(vocabularySize: Int, embeddingSize: Int, name: String = "",
                initializer: Initializer = .normal(std: 1), generator: inout SeededGenerator) {
        require(vocabularySize >= 1 && embeddingSize >= 1,
                     "Embedding: vocabularySize \(vocabularySize) and embeddingSize \(embeddingSize) must be ≥ 1")
        self.init(table: initializer.tensor([vocabularySize, embeddingSize], generator: &generator), name: name)
    }

    /// A table holding `table` [V, E].
    public init(table: Tensor<Scalar>, name: String = "") {
        require(table.rank == 2, "Embedding: table must be [V, E], got \(table.shape)")
        weight = Parameter(name: qualifiedName(name, "weight"), value: table)
    }

    /// V, the number of rows: ids run over 0..<V.
    public var vocabularySize: Int { weight.shape[0] }
    /// E, the length of each token's vector.
    public var embeddingSize: Int { weight.shape[1] }

    /// `[weight]`.
    public var parameters: [Parameter<Scalar>] { [weight] }

    /// The vectors of `ids` (each in 0..<V): [ids.count, E].
    public func callAsFunction(_ ids: [Int], tape: Tape<Scalar>) -> Variable<Scalar> {
        tape.read(weight).gatheringRows(ids) { id, v in "Embedding: token id \(id) outside 0..<\(v) (the vocabulary size V)" }
    }

    /// The vectors of `ids` laid out in `shape` (row-major, e.g. [B, T]): shape + [E].
    public func callAsFunction(_ ids: [Int], shape: [Int], tape: Tape<Scalar>) -> Variable<Scalar> {
        require(shape.reduce(1, *) == ids.count, "Embedding: \(ids.count) ids for shape \(shape)")
        return self(ids, tape: tape).reshaped(shape + [embeddingSize])
    }
}

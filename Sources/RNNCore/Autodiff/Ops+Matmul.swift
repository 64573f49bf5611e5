/// Differentiable matrix product.
extension Variable {
    /// `op(a) · op(b)`, with the shapes of ``Tensor/matmul(_:_:transposeA:transposeB:)``:
    /// `a` [.., K] (leading dimensions collapsed), `b` [K, N] (or [N, K] with
    /// `transposeB`), result [.., N]. A linear layer is `matmul(x, W, transposeB: true)`
    /// with PyTorch's weight layout W [out, in].
    @_specialize(where Scalar == Float)
    public static func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
        let (x, w) = (a.value, b.value)
        let out = Tensor.matmul(x, w, transposeA: transposeA, transposeB: transposeB)
        let (ia, ib) = (a.id, b.id)
        return a.tape.record(out, inputs: [a, b]) { tape, g in
            // C = A·B:   dA = dC·Bᵀ, dB = Aᵀ·dC, with the transposes folded in.
            tape.updateGradient(of: ia, shape: x.shape) { da in
                if transposeA {  // A is stored [K, M]: dA = op(B)·dCᵀ
                    Tensor.gemm(w, transposeA: transposeB, g, transposeB: true, into: &da, beta: 1)
                } else {
                    Tensor.gemm(g, w, transposeB: !transposeB, into: &da, beta: 1)
                }
            }
            tape.updateGradient(of: ib, shape: w.shape) { db in
                if transposeB {  // B is stored [N, K]: dB = dCᵀ·op(A)
                    Tensor.gemm(g, transposeA: true, x, transposeB: transposeA, into: &db, beta: 1)
                } else {
                    Tensor.gemm(x, transposeA: !transposeA, g, into: &db, beta: 1)
                }
            }
        }
    }
}

/// `a · b` for variables, either operand transposed first (`transposeA`, `transposeB`): [M, K] · [K, N] → [M, N].
public func matmul<Scalar>(_ a: Variable<Scalar>, _ b: Variable<Scalar>, transposeA: Bool = false, transposeB: Bool = false) -> Variable<Scalar> {
    Variable.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
}

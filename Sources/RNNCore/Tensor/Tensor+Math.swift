import Requirements

/// Plain (non-differentiable) arithmetic on tensors: what the autodiff ops,
/// optimizers and layers build on. Every loop here is a ``TensorScalar`` kernel.
extension Tensor {
    /// Matrix product `op(a) · op(b)`.
    ///
    /// `a` is viewed as [M, K] (all leading dimensions collapsed into M) or,
    /// transposed, as the transpose of a [K, M] matrix; `b` must be rank 2:
    /// [K, N], or [N, K] when `transposeB`. The result is [..., N] keeping
    /// `a`'s leading dimensions when `a` is not transposed (a vector [K] gives [N]), else [M, N].
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        require(b.rank == 2, "matmul: right operand must be rank 2, got shape \(b.shape)")
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        require(k == kb, "matmul: shapes \(a.shape)\(transposeA ? "ᵀ" : "") and \(b.shape)\(transposeB ? "ᵀ" : "") do not agree")
        let outShape = transposeA ? [m, n] : Array(a.shape.dropLast()) + [n]
        guard m > 0 && n > 0 && k > 0 else { return Tensor(zeros: outShape) }
        // The product writes every element (beta = 0), so the storage starts
        // uninitialized and is filled by it: no memset first.
        let scalars = [Scalar](unsafeUninitializedCapacity: m * n) { c, initialized in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    parallelGEMM(transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                                 alpha: 1, a: pa.baseAddress!, lda: a.cols, b: pb.baseAddress!, ldb: b.cols,
                                 beta: 0, c: c.baseAddress!, ldc: n)
                }
            }
            initialized = m * n
        }
        return Tensor(shape: outShape, scalars: scalars)
    }

    /// `c = alpha · op(a) · op(b) + beta · c` with the shapes of ``matmul(_:_:transposeA:transposeB:)``;
    /// `c` must already have M·N elements.
    @_specialize(where Scalar == Float)
    public static func gemm(_ a: Tensor, transposeA: Bool = false, _ b: Tensor, transposeB: Bool = false,
                            into c: inout Tensor, alpha: Scalar = 1, beta: Scalar) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let n = transposeB ? b.rows : b.cols
        require(c.count == m * n, "gemm: output shape \(c.shape) is not [\(m), \(n)]")
        if m == 0 || n == 0 { return }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    if k == 0 {
                        Scalar.affineKernel(pc.baseAddress!, beta, 0, pc.baseAddress!, m * n)
                        return
                    }
                    parallelGEMM(transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                                alpha: alpha, a: pa.baseAddress!, lda: a.cols,
                                b: pb.baseAddress!, ldb: b.cols,
                                beta: beta, c: pc.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// Adds `rhs` into `lhs` element by element, in flat order: the element counts must match, the shapes are not compared.
    public static func += (lhs: inout Tensor, rhs: Tensor) {
        require(lhs.count == rhs.count, "+=: shapes \(lhs.shape) and \(rhs.shape) differ")
        if lhs.count == 0 { return }
        rhs.withUnsafeBufferPointer { r in
            lhs.withUnsafeMutableBufferPointer { l in Scalar.addKernel(r.baseAddress!, l.baseAddress!, r.count) }
        }
    }

    /// `self += alpha * other`.
    public mutating func add(_ other: Tensor, scaledBy alpha: Scalar) {
        require(count == other.count, "add(scaledBy:): shapes \(shape) and \(other.shape) differ")
        if count == 0 { return }
        other.withUnsafeBufferPointer { r in
            withUnsafeMutableBufferPointer { l in Scalar.axpy(n: r.count, alpha: alpha, x: r.baseAddress!, y: l.baseAddress!) }
        }
    }

    /// Elementwise sum, in flat order: the element counts must match, the shapes are not compared
    /// (kernels reshape freely; the differentiable ``Variable`` operators do check shapes).
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { var r = lhs; r += rhs; return r }

    /// Elementwise difference, in flat order (element counts must match, as for `+`).
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { var r = lhs; r.add(rhs, scaledBy: -1); return r }

    /// Elementwise (Hadamard) product, in flat order (element counts must match, as for `+`).
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        require(lhs.count == rhs.count, "*: shapes \(lhs.shape) and \(rhs.shape) differ")
        var r = lhs
        if r.count == 0 { return r }
        rhs.withUnsafeBufferPointer { b in
            r.withUnsafeMutableBufferPointer { a in Scalar.mulKernel(a.baseAddress!, b.baseAddress!, a.baseAddress!, a.count) }
        }
        return r
    }

    /// Every element times a scalar.
    public static func * (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.affine(scale: rhs, shift: 0) }

    /// `scale * x + shift` for every element.
    public func affine(scale: Scalar, shift: Scalar) -> Tensor {
        var r = self
        if r.count == 0 { return r }
        r.withUnsafeMutableBufferPointer { Scalar.affineKernel($0.baseAddress!, scale, shift, $0.baseAddress!, $0.count) }
        return r
    }

    /// A copy with `kernel(x, y, n)` run over all its elements in place (`x` and `y` the same buffer); same shape.
    public func map(kernel: (UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>, Int) -> Void) -> Tensor {
        var r = self
        if r.count == 0 { return r }
        r.withUnsafeMutableBufferPointer { kernel($0.baseAddress!, $0.baseAddress!, $0.count) }
        return r
    }

    /// Sum of all elements.
    public func sum() -> Scalar {
        if count == 0 { return 0 }
        return withUnsafeBufferPointer { Scalar.sumKernel($0.baseAddress!, $0.count) }
    }

    /// Sum of squares of all elements.
    public func sumOfSquares() -> Scalar {
        if count == 0 { return 0 }
        return withUnsafeBufferPointer { Scalar.sumOfSquaresKernel($0.baseAddress!, $0.count) }
    }

    /// Sum over rows of the matrix view: [rows, cols] -> [cols]. Large
    /// matrices split their columns across ``computeThreads``; each column is
    /// summed in row order whatever the thread count.
    public func sumRows() -> Tensor {
        var out = Tensor(zeros: [cols])
        if count == 0 { return out }
        let (rows, cols) = (self.rows, self.cols)
        let columnBlocks = RowBlocks(rows: cols, cols: rows)   // blocks of columns, each `rows` long
        withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                let pointers = UncheckedSendable(value: (x: x.baseAddress!, y: y.baseAddress!))
                columnBlocks.concurrentForEach { c in
                    Scalar.sumRowsKernel(pointers.value.x + c.lowerBound, rows: rows, cols: c.count, stride: cols,
                                         into: pointers.value.y + c.lowerBound)
                }
            }
        }
        return out
    }

    /// `row` [cols] added to every row of the matrix view.
    public func addingRow(_ row: Tensor) -> Tensor {
        var out = self
        out.addRow(row)
        return out
    }

    /// Adds `row` [cols] to every row of the matrix view, in place (large
    /// matrices split their rows across ``computeThreads``).
    public mutating func addRow(_ row: Tensor) {
        require(row.count == cols, "addRow: row of \(row.count) elements for shape \(shape)")
        if count == 0 { return }
        let (rows, cols) = (self.rows, self.cols)
        let blocks = RowBlocks(rows: rows, cols: cols)
        row.withUnsafeBufferPointer { r in
            withUnsafeMutableBufferPointer { x in
                let pointers = UncheckedSendable(value: (row: r.baseAddress!, x: x.baseAddress!))
                blocks.concurrentForEach { b in
                    Scalar.addRowKernel(pointers.value.row, to: pointers.value.x + b.lowerBound * cols, rows: b.count, cols: cols)
                }
            }
        }
    }

    /// Matrix transpose of a rank-2 tensor: [r, c] -> [c, r] (traps on any other rank); ``transposed(_:_:)`` of axes 0 and 1.
    public func transposed() -> Tensor {
        require(rank == 2, "transposed: needs rank 2, got shape \(shape)")
        return transposed(0, 1)
    }
}

import CKernels
import RNNCore

/// A ``TensorScalar`` with the fused per-row kernels of the built-in cells.
///
/// As with ``TensorScalar``, each kernel is a protocol requirement with a
/// default implementation, so `Float` and `Double` get copies specialized in
/// this module and the fused path runs at full speed from any generic caller.
/// Each kernel handles one batch row of one time step; gate rows follow
/// PyTorch's layouts (LSTM i, f, g, o; GRU r, z, n), H is the hidden size.
public protocol RecurrentScalar: TensorScalar {
    /// LSTM step for one row.
    /// - Parameters:
    ///   - gates: [4H] pre-activations in, activated i, f, g, o out.
    ///   - cPrev: [H] previous cell state; it may be `c` (each element is read before it is written).
    ///   - c: [H] new cell state out.
    ///   - tanhC: [H] tanh of the new cell state out (kept for backward).
    ///   - h: [H] new hidden state out.
    static func lstmForwardRow(gates: UnsafeMutablePointer<Self>, cPrev: UnsafePointer<Self>, c: UnsafeMutablePointer<Self>,
                               tanhC: UnsafeMutablePointer<Self>, h: UnsafeMutablePointer<Self>, hidden: Int)
    /// LSTM backward for one row.
    /// - Parameters:
    ///   - gates: [4H] activated i, f, g, o in; gradients of the pre-activations out.
    ///   - cPrev: [H] previous cell state; `tanhC`: [H] tanh of this step's cell state.
    ///   - dh: [H] gradient of this step's h (read only).
    ///   - dc: [H] gradient of this step's c in; gradient of the previous c out.
    static func lstmBackwardRow(gates: UnsafeMutablePointer<Self>, cPrev: UnsafePointer<Self>, tanhC: UnsafePointer<Self>,
                                dh: UnsafePointer<Self>, dc: UnsafeMutablePointer<Self>, hidden: Int)
    /// GRU step for one row: n = tanh(xn + r ⊙ hn), h' = (1 - z) ⊙ n + z ⊙ h.
    /// - Parameters:
    ///   - xGates: [3H] input projections (with b_ih) in; activated r, z, n out.
    ///   - hGates: [3H] recurrent projections h·W_hhᵀ + b_hh (read only).
    ///   - hPrev: [H] previous hidden state.
    ///   - hn: [H] out: the recurrent part of n, `W_hn h + b_hn` (kept for backward).
    ///   - h: [H] new hidden state out.
    static func gruForwardRow(xGates: UnsafeMutablePointer<Self>, hGates: UnsafePointer<Self>, hPrev: UnsafePointer<Self>,
                              hn: UnsafeMutablePointer<Self>, h: UnsafeMutablePointer<Self>, hidden: Int)
    /// GRU backward for one row.
    /// - Parameters:
    ///   - xGates: [3H] activated r, z, n in; gradients of the input pre-activations out.
    ///   - hGatesGrad: [3H] out: gradients of the recurrent projections (r, z, hn).
    ///   - hn: [H] the recurrent part of n; `hPrev`: [H] previous hidden state.
    ///   - dh: [H] gradient of this step's h.
    ///   - dhPrev: [H] out: the direct part of the previous h's gradient, `dh ⊙ z`.
    static func gruBackwardRow(xGates: UnsafeMutablePointer<Self>, hGatesGrad: UnsafeMutablePointer<Self>, hn: UnsafePointer<Self>,
                               hPrev: UnsafePointer<Self>, dh: UnsafePointer<Self>, dhPrev: UnsafeMutablePointer<Self>, hidden: Int)
    /// Elman activation in place over one row: tanh, or relu when `relu`.
    static func elmanForwardRow(_ pre: UnsafeMutablePointer<Self>, relu: Bool, hidden: Int)
    /// Elman backward for one row: `grad = dh ⊙ act'(h)` from the activated `h` (in place over `h`).
    static func elmanBackwardRow(_ h: UnsafeMutablePointer<Self>, dh: UnsafePointer<Self>, relu: Bool, hidden: Int)
}

extension RecurrentScalar {
    /// The portable version: the activation kernels over the gate blocks, then c' = f ⊙ c + i ⊙ g and
    /// h' = o ⊙ tanh(c') element by element.
    @inlinable public static func lstmForwardRow(gates: UnsafeMutablePointer<Self>, cPrev: UnsafePointer<Self>, c: UnsafeMutablePointer<Self>,
                                      tanhC: UnsafeMutablePointer<Self>, h: UnsafeMutablePointer<Self>, hidden n: Int) {
        sigmoidKernel(gates, gates, 2 * n)            // i, f
        tanhKernel(gates + 2 * n, gates + 2 * n, n)  // g
        sigmoidKernel(gates + 3 * n, gates + 3 * n, n)  // o
        let i = gates, f = gates + n, g = gates + 2 * n
        for k in 0..<n { c[k] = f[k] * cPrev[k] + i[k] * g[k] }
        tanhKernel(c, tanhC, n)
        let o = gates + 3 * n
        for k in 0..<n { h[k] = o[k] * tanhC[k] }
    }

    /// The portable version, element by element (`Float` replaces it with a C kernel).
    @inlinable public static func lstmBackwardRow(gates: UnsafeMutablePointer<Self>, cPrev: UnsafePointer<Self>, tanhC: UnsafePointer<Self>,
                                       dh: UnsafePointer<Self>, dc: UnsafeMutablePointer<Self>, hidden n: Int) {
        let i = gates, f = gates + n, g = gates + 2 * n, o = gates + 3 * n
        for k in 0..<n {
            let (ik, fk, gk, ok, tc) = (i[k], f[k], g[k], o[k], tanhC[k])
            let dck = dc[k] + dh[k] * ok * (1 - tc * tc)
            o[k] = dh[k] * tc * ok * (1 - ok)
            i[k] = dck * gk * ik * (1 - ik)
            f[k] = dck * cPrev[k] * fk * (1 - fk)
            g[k] = dck * ik * (1 - gk * gk)
            dc[k] = dck * fk
        }
    }

    /// The portable version, ``gruForwardLoop(xGates:hGates:hPrev:hn:h:hidden:)`` (`Float` replaces it with a C kernel).
    @inlinable public static func gruForwardRow(xGates: UnsafeMutablePointer<Self>, hGates: UnsafePointer<Self>, hPrev: UnsafePointer<Self>,
                                     hn: UnsafeMutablePointer<Self>, h: UnsafeMutablePointer<Self>, hidden n: Int) {
        gruForwardLoop(xGates: xGates, hGates: hGates, hPrev: hPrev, hn: hn, h: h, hidden: n)
    }

    /// The GRU step for one row as Swift loops around the activation kernels: r, z = σ(x + h projections),
    /// n = tanh(xn + r ⊙ hn), h' = (1 − z) ⊙ n + z ⊙ h. The default ``gruForwardRow(xGates:hGates:hPrev:hn:h:hidden:)``,
    /// and the definition Float's C kernel (`rk_gru_forward_row`) matches bit for bit.
    @inlinable @inline(__always)
    static func gruForwardLoop(xGates: UnsafeMutablePointer<Self>, hGates: UnsafePointer<Self>, hPrev: UnsafePointer<Self>,
                               hn: UnsafeMutablePointer<Self>, h: UnsafeMutablePointer<Self>, hidden n: Int) {
        addKernel(hGates, xGates, 2 * n)          // r, z pre-activations
        sigmoidKernel(xGates, xGates, 2 * n)
        let r = xGates, z = xGates + n, nn = xGates + 2 * n
        for k in 0..<n {
            hn[k] = hGates[2 * n + k]
            nn[k] += r[k] * hn[k]
        }
        tanhKernel(nn, nn, n)
        for k in 0..<n { h[k] = (1 - z[k]) * nn[k] + z[k] * hPrev[k] }
    }

    /// The portable version, ``gruBackwardLoop(xGates:hGatesGrad:hn:hPrev:dh:dhPrev:hidden:)`` (`Float` replaces it with a C kernel).
    @inlinable public static func gruBackwardRow(xGates: UnsafeMutablePointer<Self>, hGatesGrad: UnsafeMutablePointer<Self>, hn: UnsafePointer<Self>,
                                      hPrev: UnsafePointer<Self>, dh: UnsafePointer<Self>, dhPrev: UnsafeMutablePointer<Self>, hidden n: Int) {
        gruBackwardLoop(xGates: xGates, hGatesGrad: hGatesGrad, hn: hn, hPrev: hPrev, dh: dh, dhPrev: dhPrev, hidden: n)
    }

    /// GRU backward for one row, element by element: the default
    /// ``gruBackwardRow(xGates:hGatesGrad:hn:hPrev:dh:dhPrev:hidden:)``, and the definition Float's C kernel
    /// (`rk_gru_backward_row`) matches bit for bit. `dhPrev` may be `dh`.
    @inlinable @inline(__always)
    static func gruBackwardLoop(xGates: UnsafeMutablePointer<Self>, hGatesGrad: UnsafeMutablePointer<Self>, hn: UnsafePointer<Self>,
                                hPrev: UnsafePointer<Self>, dh: UnsafePointer<Self>, dhPrev: UnsafeMutablePointer<Self>, hidden n: Int) {
        let r = xGates, z = xGates + n, nn = xGates + 2 * n
        for k in 0..<n {
            let (rk, zk, nk, d) = (r[k], z[k], nn[k], dh[k])
            let dnPre = d * (1 - zk) * (1 - nk * nk)
            let dzPre = d * (hPrev[k] - nk) * zk * (1 - zk)
            let drPre = dnPre * hn[k] * rk * (1 - rk)
            dhPrev[k] = d * zk
            r[k] = drPre
            z[k] = dzPre
            nn[k] = dnPre
            hGatesGrad[k] = drPre
            hGatesGrad[n + k] = dzPre
            hGatesGrad[2 * n + k] = dnPre * rk
        }
    }

    /// The portable version: the tanh kernel, or max(x, 0) for relu.
    @inlinable public static func elmanForwardRow(_ pre: UnsafeMutablePointer<Self>, relu: Bool, hidden n: Int) {
        if relu {
            for k in 0..<n { pre[k] = Swift.max(pre[k], 0) }
        } else {
            tanhKernel(pre, pre, n)
        }
    }

    /// The portable version: `dh ⊙ (1 − h²)` for tanh; for relu, `dh` where h > 0 and 0 elsewhere.
    @inlinable public static func elmanBackwardRow(_ h: UnsafeMutablePointer<Self>, dh: UnsafePointer<Self>, relu: Bool, hidden n: Int) {
        if relu {
            for k in 0..<n { h[k] = h[k] > 0 ? dh[k] : 0 }
        } else {
            for k in 0..<n { h[k] = dh[k] * (1 - h[k] * h[k]) }
        }
    }
}

extension Float: RecurrentScalar {
    /// The same step in `CKernels`, vectorized with AVX2 where the CPU has it.
    public static func lstmBackwardRow(gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>, tanhC: UnsafePointer<Float>,
                                       dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>, hidden n: Int) {
        rk_lstm_backward_row(gates, cPrev, tanhC, dh, dc, n)
    }

    /// The same step in `CKernels` (``gruForwardLoop(xGates:hGates:hPrev:hn:h:hidden:)`` bit for bit) in one pass
    /// over the row, vectorized with AVX2 where the CPU has it.
    public static func gruForwardRow(xGates: UnsafeMutablePointer<Float>, hGates: UnsafePointer<Float>, hPrev: UnsafePointer<Float>,
                                     hn: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, hidden n: Int) {
        rk_gru_forward_row(xGates, hGates, hPrev, hn, h, n)
    }

    /// The same step in `CKernels` (``gruBackwardLoop(xGates:hGatesGrad:hn:hPrev:dh:dhPrev:hidden:)`` bit for bit),
    /// vectorized with AVX2 where the CPU has it.
    public static func gruBackwardRow(xGates: UnsafeMutablePointer<Float>, hGatesGrad: UnsafeMutablePointer<Float>, hn: UnsafePointer<Float>,
                                      hPrev: UnsafePointer<Float>, dh: UnsafePointer<Float>, dhPrev: UnsafeMutablePointer<Float>, hidden n: Int) {
        rk_gru_backward_row(xGates, hGatesGrad, hn, hPrev, dh, dhPrev, n)
    }
}
extension Double: RecurrentScalar {}

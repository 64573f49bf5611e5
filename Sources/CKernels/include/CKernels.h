// Float kernels that need instructions beyond the x86-64 baseline Swift
// compiles for, compiled for AVX2 + FMA (the packed product also for
// AVX-512) and chosen at run time. The packed
// product and the matrix-vector product need rk_avx2_available() (callers
// otherwise use BLAS); the activations, the softmax rows, the LSTM and GRU rows and Adam fall back to a
// baseline build of the same loops themselves.
#ifndef RNNKIT_CKERNELS_H
#define RNNKIT_CKERNELS_H

#include <stddef.h>

/// Whether this CPU has AVX2 and FMA and the environment variable
/// RNNKIT_DISABLE_AVX2 is unset, "" or "0" (looked up once).
int rk_avx2_available(void);

/// Whether this CPU has AVX2 and FMA, whatever the environment says.
int rk_avx2_cpu(void);

/// Whether this CPU has AVX-512F (with AVX2 and FMA), whatever the environment says.
int rk_avx512_cpu(void);

/// Whether rk_gemm_packed runs its AVX-512 micro-kernel: rk_avx2_available(),
/// rk_avx512_cpu() and the environment variable RNNKIT_DISABLE_AVX512 unset,
/// "" or "0" (looked up once).
int rk_avx512_available(void);

/// The number of floats rk_pack_right writes for a right operand B [k, n]:
/// k · 16 · ⌈n / 16⌉ (columns padded with zeros to whole panels of 16).
size_t rk_packed_right_count(long k, long n);

/// Packs the right operand B [k, n] of C = A·B into panels of 16 columns,
/// each panel k rows of 16 contiguous floats. B is read from `b` as stored
/// [k, n] with leading dimension `ldb`, or, when `transposed` is non-zero,
/// as Bᵀ stored [n, k] with leading dimension `ldb`.
/// `packed` must hold rk_packed_right_count(k, n) floats, 32-byte aligned.
void rk_pack_right(long k, long n, const float *b, long ldb, int transposed, float *packed);

/// C [m, n] = A [m, k] · B, or C += A · B when `accumulate` is non-zero;
/// B as packed by rk_pack_right. Row-major; A and C with leading dimensions
/// lda and ldc. Needs rk_avx2_available(); runs
/// rk_gemm_packed_on(rk_avx512_available(), …).
void rk_gemm_packed(long m, long n, long k, const float *a, long lda, const float *packed,
                    int accumulate, float *c, long ldc);

/// rk_gemm_packed on the AVX-512 micro-kernel (8 rows × 32 columns; needs
/// rk_avx512_cpu()) when `avx512` is non-zero, else on the AVX2 ones (6, 5 or 4
/// rows × 16 columns; need AVX2 and FMA). All give the same C bit for bit:
/// each element of C takes its products one k after another, each a fused
/// multiply-add, in the same order.
void rk_gemm_packed_on(int avx512, long m, long n, long k, const float *a, long lda, const float *packed,
                       int accumulate, float *c, long ldc);

/// y[i] = tanh(x[i]) for n floats, as a rational function within a few ulp;
/// x and y are the same buffer or do not overlap.
void rk_tanh(const float *x, float *y, long n);

/// y[i] = 1 / (1 + exp(-x[i])) = 0.5 · tanh(x[i] / 2) + 0.5, through rk_tanh's ratio.
void rk_sigmoid(const float *x, float *y, long n);

/// Row softmax of x [rows, cols] into y (the row's maximum m subtracted, e^x
/// through Cephes' expf polynomial, about 1 ulp; 0 where x − m < −87);
/// y may be x. With `targets` [rows] (each in 0..<cols) also the cross-entropy
/// losses [rows], m + log Σ e^(x − m) − x[target]; y must then not overlap x.
/// `targets` NULL: no losses (`losses` may be NULL).
void rk_softmax_rows(const float *x, float *y, long rows, long cols, const long *targets, float *losses);

/// Row log-softmax of x [rows, cols] into y, x − (m + log Σ e^(x − m)), with
/// rk_softmax_rows' e^x; y may be x.
void rk_log_softmax_rows(const float *x, float *y, long rows, long cols);

/// y [n] = W [n, k] · x [k], or y += W · x when `accumulate` is non-zero;
/// W row-major with leading dimension ldw. Needs rk_avx2_available().
void rk_gemv_rows(long n, long k, const float *w, long ldw, const float *x, int accumulate, float *y);

/// y[c] += x[r·stride + c] for r in 0..<rows, c in 0..<cols: the column sums of
/// x [rows, cols] (leading dimension stride) added into y [cols], each column's
/// terms one row after another (TensorScalar.sumRowsKernel). y does not
/// overlap x.
void rk_sum_rows(const float *x, long rows, long cols, long stride, float *y);

/// LSTM backward for one row (RecurrentScalar.lstmBackwardRow): gates [4n]
/// activated i, f, g, o in, pre-activation gradients out; c_prev and tanh_c
/// [n]; dh [n] read only; dc [n] this step's cell gradient in, the previous
/// step's out. No buffer overlaps another.
void rk_lstm_backward_row(float *gates, const float *c_prev, const float *tanh_c, const float *dh, float *dc, long n);

/// GRU forward step for one row (RecurrentScalar.gruForwardRow), bit for bit
/// its generic loops with rk_sigmoid and rk_tanh: x_gates [3n] input projections
/// in, activated r, z, n out; h_gates [3n] h·W_hhᵀ + b_hh; h_prev [n]; hn [n] out,
/// the recurrent part of n; h [n] out. No buffer overlaps another.
void rk_gru_forward_row(float *x_gates, const float *h_gates, const float *h_prev, float *hn, float *h, long n);

/// GRU backward for one row (RecurrentScalar.gruBackwardRow), bit for bit its
/// generic loop: x_gates [3n] activated r, z, n in, gradients of the input
/// pre-activations out; h_gates_grad [3n] out, gradients of h·W_hhᵀ + b_hh; hn and
/// h_prev [n]; dh [n] this step's h gradient; dh_prev [n] out, dh ⊙ z. dh_prev may
/// be dh itself; no other buffers overlap.
void rk_gru_backward_row(float *x_gates, float *h_gates_grad, const float *hn, const float *h_prev, const float *dh,
                         float *dh_prev, long n);

/// The scalars of one Adam / AdamW update (RNNCore's TensorScalar.adamKernel).
typedef struct {
    float step_size, one_minus_beta1, beta2, one_minus_beta2, bias_correction2_sqrt, eps;
    /// Coupled L2 weight decay, added to the gradient (Adam); used when decay is 1.
    float weight_decay;
    /// Decoupled decay factor 1 − lr·λ (AdamW), or 1 for none.
    float decay;
} rk_adam_settings;

/// One Adam / AdamW step over n floats, bit for bit RNNCore's generic adamKernel:
/// p parameters, g gradients, m and v the moments, vmax the AMSGrad maximum or NULL.
/// No buffer overlaps another.
void rk_adam(float *p, const float *g, float *m, float *v, float *vmax, long n, const rk_adam_settings *settings);

/// OpenBLAS's kernel choice. A DYNAMIC_ARCH OpenBLAS (Debian's and Ubuntu's) picks its
/// kernels by the CPU's model number when loaded, and falls back to its slowest, Prescott
/// (SSE3), for a model it does not know (0.3.21 on Xeons of model 207): 2.6 times slower
/// training here. rk_blas_use_known_core() switches such a library to the kernels of the
/// CPU's instruction set, SkylakeX with AVX-512 (F, CD, BW, DQ, VL), Haswell with AVX2 and
/// FMA, unless OPENBLAS_CORETYPE names a core (the user's choice stands) or the library
/// chose another core; call it once, before any BLAS call. It returns the core switched to,
/// or NULL when it left the choice alone (also for a BLAS that is not a DYNAMIC_ARCH OpenBLAS).
const char *rk_blas_use_known_core(void);

/// The core rk_blas_use_known_core() switches to from `current` (OpenBLAS's core name) on a
/// CPU with AVX-512 (`avx512`) or AVX2 and FMA (`avx2`): "SkylakeX", "Haswell", or NULL.
const char *rk_blas_known_core(const char *current, int avx512, int avx2);

/// The name of the kernels OpenBLAS runs (`Haswell`, `SkylakeX`, `Prescott`), NULL for another BLAS.
const char *rk_blas_core_name(void);

#endif

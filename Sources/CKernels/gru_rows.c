// The GRU step for one row, forward and backward, compiled for AVX2 + FMA and
// for the baseline like the activations. Each runs in one pass over the H
// elements: a gate's sigmoid and tanh (the same inlined ratio as rk_sigmoid and
// rk_tanh) are taken in registers next to the products that use them, instead
// of loops over the row that store, call the activation kernels and load
// again. The elementwise steps are the generic RecurrentScalar loops' operations
// in their order, without FMA (which would round differently), so results are
// bit for bit theirs.
#include "CKernels.h"
#include "activation_ratios.h"

#pragma clang fp contract(off)

#define GRU_ROW_LOOPS(suffix, attributes)                                                        \
    attributes static void gru_forward_##suffix(float *restrict x_gates, const float *restrict h_gates, \
                                                const float *restrict h_prev, float *restrict hn, \
                                                float *restrict h, long n) {                     \
        for (long k = 0; k < n; k++) {                                                           \
            float r = sigmoid_ratio(x_gates[k] + h_gates[k]);                                    \
            float z = sigmoid_ratio(x_gates[n + k] + h_gates[n + k]);                            \
            float v = h_gates[2 * n + k];                                                        \
            float c = tanh_ratio(x_gates[2 * n + k] + r * v);                                    \
            x_gates[k] = r;                                                                      \
            x_gates[n + k] = z;                                                                  \
            x_gates[2 * n + k] = c;                                                              \
            hn[k] = v;                                                                           \
            h[k] = (1 - z) * c + z * h_prev[k];                                                  \
        }                                                                                        \
    }                                                                                            \
    /* dh and dh_prev may be the same buffer: element k reads and writes only index k. */        \
    attributes static void gru_backward_##suffix(float *x_gates, float *h_gates_grad, const float *hn, \
                                                 const float *h_prev, const float *dh, float *dh_prev, \
                                                 long n) {                                       \
        _Pragma("clang loop vectorize(assume_safety)")                                           \
        for (long k = 0; k < n; k++) {                                                           \
            float r = x_gates[k], z = x_gates[n + k], c = x_gates[2 * n + k], d = dh[k];          \
            float dn = d * (1 - z) * (1 - c * c);                                                \
            float dz = d * (h_prev[k] - c) * z * (1 - z);                                        \
            float dr = dn * hn[k] * r * (1 - r);                                                 \
            dh_prev[k] = d * z;                                                                  \
            x_gates[k] = dr;                                                                     \
            x_gates[n + k] = dz;                                                                 \
            x_gates[2 * n + k] = dn;                                                             \
            h_gates_grad[k] = dr;                                                                \
            h_gates_grad[n + k] = dz;                                                            \
            h_gates_grad[2 * n + k] = dn * r;                                                    \
        }                                                                                        \
    }

GRU_ROW_LOOPS(base, )
#if defined(__x86_64__)
GRU_ROW_LOOPS(avx2, __attribute__((target("avx2,fma"))))
#endif

void rk_gru_forward_row(float *x_gates, const float *h_gates, const float *h_prev, float *hn, float *h, long n) {
#if defined(__x86_64__)
    if (rk_avx2_available()) { gru_forward_avx2(x_gates, h_gates, h_prev, hn, h, n); return; }
#endif
    gru_forward_base(x_gates, h_gates, h_prev, hn, h, n);
}

void rk_gru_backward_row(float *x_gates, float *h_gates_grad, const float *hn, const float *h_prev, const float *dh,
                         float *dh_prev, long n) {
#if defined(__x86_64__)
    if (rk_avx2_available()) { gru_backward_avx2(x_gates, h_gates_grad, hn, h_prev, dh, dh_prev, n); return; }
#endif
    gru_backward_base(x_gates, h_gates_grad, hn, h_prev, dh, dh_prev, n);
}

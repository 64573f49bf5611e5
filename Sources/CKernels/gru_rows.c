// The GRU forward step for one row, compiled for AVX2 + FMA and for the
// baseline like the activations: the same operations in the same order as the
// generic RecurrentScalar.gruForwardRow with rk_sigmoid and rk_tanh, and no
// FMA (which would round differently), so results are bit for bit the same.
// Its elementwise loops store whole vectors, which the activation loops and
// the copies of h that follow load at once; after the scalar stores of the
// generic loops those loads wait for the stores to drain.
#include "CKernels.h"

#pragma clang fp contract(off)

#define GRU_FORWARD_LOOPS(suffix, attributes)                                                    \
    /* y += x */                                                                                 \
    attributes static void gru_add_##suffix(const float *restrict x, float *restrict y, long n) {\
        for (long k = 0; k < n; k++) y[k] += x[k];                                               \
    }                                                                                            \
    /* hn = the recurrent part of n; n += r ⊙ hn */                                              \
    attributes static void gru_candidate_##suffix(const float *restrict r, const float *restrict hg_n, \
                                                  float *restrict hn, float *restrict nn, long n) { \
        for (long k = 0; k < n; k++) {                                                           \
            float v = hg_n[k];                                                                   \
            hn[k] = v;                                                                           \
            nn[k] += r[k] * v;                                                                   \
        }                                                                                        \
    }                                                                                            \
    /* h = (1 − z) ⊙ n + z ⊙ h_prev */                                                          \
    attributes static void gru_blend_##suffix(const float *restrict z, const float *restrict nn, \
                                              const float *restrict h_prev, float *restrict h, long n) { \
        for (long k = 0; k < n; k++) h[k] = (1 - z[k]) * nn[k] + z[k] * h_prev[k];              \
    }

GRU_FORWARD_LOOPS(base, )
#if defined(__x86_64__)
GRU_FORWARD_LOOPS(avx2, __attribute__((target("avx2,fma"))))
#endif

void rk_gru_forward_row(float *x_gates, const float *h_gates, const float *h_prev, float *hn, float *h, long n) {
    float *r = x_gates, *z = x_gates + n, *nn = x_gates + 2 * n;
#if defined(__x86_64__)
    if (rk_avx2_available()) {
        gru_add_avx2(h_gates, x_gates, 2 * n);
        rk_sigmoid(x_gates, x_gates, 2 * n);
        gru_candidate_avx2(r, h_gates + 2 * n, hn, nn, n);
        rk_tanh(nn, nn, n);
        gru_blend_avx2(z, nn, h_prev, h, n);
        return;
    }
#endif
    gru_add_base(h_gates, x_gates, 2 * n);
    rk_sigmoid(x_gates, x_gates, 2 * n);
    gru_candidate_base(r, h_gates + 2 * n, hn, nn, n);
    rk_tanh(nn, nn, n);
    gru_blend_base(z, nn, h_prev, h, n);
}

// The LSTM backward step for one row, compiled for AVX2 + FMA and for the
// baseline like the activations. The same formulas as the generic
// RecurrentScalar.lstmBackwardRow, which Double (gradient checks) runs.
#include "CKernels.h"

#define LSTM_BACKWARD_LOOP(suffix, attributes)                                                   \
    attributes static void lstm_backward_##suffix(float *gates, const float *restrict c_prev,    \
                                                  const float *restrict tanh_c,                  \
                                                  const float *restrict dh, float *restrict dc,   \
                                                  long n) {                                      \
        float *restrict i = gates, *restrict f = gates + n, *restrict g = gates + 2 * n,          \
                        *restrict o = gates + 3 * n;                                             \
        for (long k = 0; k < n; k++) {                                                           \
            float ik = i[k], fk = f[k], gk = g[k], ok = o[k], tc = tanh_c[k];                     \
            float dck = dc[k] + dh[k] * ok * (1 - tc * tc);                                      \
            o[k] = dh[k] * tc * ok * (1 - ok);                                                   \
            i[k] = dck * gk * ik * (1 - ik);                                                     \
            f[k] = dck * c_prev[k] * fk * (1 - fk);                                              \
            g[k] = dck * ik * (1 - gk * gk);                                                     \
            dc[k] = dck * fk;                                                                    \
        }                                                                                        \
    }

LSTM_BACKWARD_LOOP(base, )
#if defined(__x86_64__)
LSTM_BACKWARD_LOOP(avx2, __attribute__((target("avx2,fma"))))
#endif

void rk_lstm_backward_row(float *gates, const float *c_prev, const float *tanh_c, const float *dh, float *dc, long n) {
#if defined(__x86_64__)
    if (rk_avx2_available()) { lstm_backward_avx2(gates, c_prev, tanh_c, dh, dc, n); return; }
#endif
    lstm_backward_base(gates, c_prev, tanh_c, dh, dc, n);
}

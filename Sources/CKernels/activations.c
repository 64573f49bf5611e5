// Float tanh and sigmoid over buffers, as a rational function (Eigen's
// ptanh_float: a 13/6 minimax ratio on [-7.9, 7.9], saturating outside; a
// few ulp). The loops are compiled twice, for AVX2 + FMA and for the
// baseline, and the first call picks the one this CPU runs.
#include "CKernels.h"
#include "activation_ratios.h"

// One loop per function, operation and aliasing (in place, or two distinct buffers).
#define ACTIVATION_LOOPS(suffix, attributes)                                                     \
    attributes static void tanh_##suffix(const float *restrict x, float *restrict y, long n) {   \
        for (long i = 0; i < n; i++) y[i] = tanh_ratio(x[i]);                                    \
    }                                                                                            \
    attributes static void tanh_in_place_##suffix(float *y, long n) {                            \
        for (long i = 0; i < n; i++) y[i] = tanh_ratio(y[i]);                                    \
    }                                                                                            \
    attributes static void sigmoid_##suffix(const float *restrict x, float *restrict y, long n) {\
        for (long i = 0; i < n; i++) y[i] = sigmoid_ratio(x[i]);                                 \
    }                                                                                            \
    attributes static void sigmoid_in_place_##suffix(float *y, long n) {                         \
        for (long i = 0; i < n; i++) y[i] = sigmoid_ratio(y[i]);                                 \
    }

ACTIVATION_LOOPS(base, )
#if defined(__x86_64__)
ACTIVATION_LOOPS(avx2, __attribute__((target("avx2,fma"))))
#endif

void rk_tanh(const float *x, float *y, long n) {
#if defined(__x86_64__)
    if (rk_avx2_available()) { if (x == y) tanh_in_place_avx2(y, n); else tanh_avx2(x, y, n); return; }
#endif
    if (x == y) tanh_in_place_base(y, n); else tanh_base(x, y, n);
}

void rk_sigmoid(const float *x, float *y, long n) {
#if defined(__x86_64__)
    if (rk_avx2_available()) { if (x == y) sigmoid_in_place_avx2(y, n); else sigmoid_avx2(x, y, n); return; }
#endif
    if (x == y) sigmoid_in_place_base(y, n); else sigmoid_base(x, y, n);
}

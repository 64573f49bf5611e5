// Float tanh and sigmoid over buffers, as a rational function (Eigen's
// ptanh_float: a 13/6 minimax ratio on [-7.9, 7.9], saturating outside; a
// few ulp). The loops are compiled twice, for AVX2 + FMA and for the
// baseline, and the first call picks the one this CPU runs.
#include "CKernels.h"

static inline __attribute__((always_inline)) float tanh_ratio(float x) {
    const float limit = 7.90531110763549805f;
    float c = x > limit ? limit : (x < -limit ? -limit : x);
    float x2 = c * c;
    float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = p * x2 + -8.60467152213735e-11f;
    p = p * x2 + 5.12229709037114e-08f;
    p = p * x2 + 1.48572235717979e-05f;
    p = p * x2 + 6.37261928875436e-04f;
    p = p * x2 + 4.89352455891786e-03f;
    p = p * c;
    float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = q * x2 + 2.26843463243900e-03f;
    q = q * x2 + 4.89352518554385e-03f;
    // Below 4e-4 the ratio is x to within rounding; return x exactly there.
    return (x < 0.0004f && x > -0.0004f) ? x : p / q;
}

static inline __attribute__((always_inline)) float sigmoid_ratio(float x) {
    return 0.5f * tanh_ratio(0.5f * x) + 0.5f;
}

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

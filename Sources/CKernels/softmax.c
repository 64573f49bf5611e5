// Row softmax, log-softmax and softmax cross-entropy for Float: e^x through
// Cephes' expf polynomial (about 1 ulp) on eight columns at a time (vector
// extensions: one AVX2 register, or two SSE ones) instead of libm's expf, a
// call per element; compiled for AVX2 + FMA and for the baseline like the
// activations.
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "CKernels.h"

// The helpers taking and returning vectors are always inlined into the loops
// below, each compiled for its own target: no vector crosses a call.
#pragma clang diagnostic ignored "-Wpsabi"

typedef float floats8 __attribute__((vector_size(32)));
typedef int32_t ints8 __attribute__((vector_size(32)));

// a where mask is set, else b.
static inline __attribute__((always_inline)) floats8 select8(ints8 mask, floats8 a, floats8 b) {
    return (floats8)(((ints8)a & mask) | ((ints8)b & ~mask));
}

// e^x for x <= 0 (a logit minus its row's maximum), eight at a time: 0 below
// −87, where e^x < 1.7e-38 is within 1.4 times the smallest normal float (so
// that no lane ever makes a subnormal, which the CPU computes slowly); NaN for
// NaN, so that a NaN logit reaches the loss.
static inline __attribute__((always_inline)) floats8 exp_nonpositive(floats8 x) {
    const float lowest = -87.0f;
    ints8 computed = x >= lowest, zero = x < lowest;  // both false for NaN
    floats8 xc = select8(computed, x, (floats8){} + lowest);
    floats8 n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;  // x / ln 2 rounded to the nearest integer
    floats8 r = xc - n * 0.693359375f;  // x − n·ln 2 in two parts (Cody and Waite)
    r = r - n * -2.12194440e-4f;
    floats8 p = r * 1.9875691500e-4f + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    ints8 scale = (__builtin_convertvector(n, ints8) + 127) << 23;  // 2^n, n in -126...0
    floats8 e = p * (floats8)scale;
    return select8(computed, e, select8(zero, (floats8){}, x));
}

// Columns c..<c+8 of x.
static inline __attribute__((always_inline)) floats8 load8(const float *x) {
    floats8 v;
    memcpy(&v, x, sizeof v);
    return v;
}

// One row x [cols]: its maximum m (NaNs skipped, as Swift.max skips them) and
// s = Σ e^(x − m), each e^(x − m) written to y [cols] when `store`. The last
// cols % 8 columns go one at a time through lane 0.
static inline __attribute__((always_inline)) float row_sum(const float *x, float *y, long cols, int store, float *max) {
    floats8 lanes = (floats8){} - INFINITY;
    long whole = cols & ~7L;
    for (long c = 0; c < whole; c += 8) {
        floats8 v = load8(x + c);
        lanes = select8(v > lanes, v, lanes);
    }
    float m = -INFINITY;
    for (int l = 0; l < 8; l++) m = lanes[l] > m ? lanes[l] : m;
    for (long c = whole; c < cols; c++) m = x[c] > m ? x[c] : m;
    floats8 sums = (floats8){};
    for (long c = 0; c < whole; c += 8) {
        floats8 e = exp_nonpositive(load8(x + c) - m);
        if (store) memcpy(y + c, &e, sizeof e);
        sums += e;
    }
    float s = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7]));
    for (long c = whole; c < cols; c++) {
        float e = exp_nonpositive((floats8){} + (x[c] - m))[0];
        if (store) y[c] = e;
        s += e;
    }
    *max = m;
    return s;
}

#define SOFTMAX_LOOPS(suffix, attributes)                                                          \
    attributes static void softmax_##suffix(const float *x, float *y, long rows, long cols,       \
                                            const long *targets, float *losses) {                 \
        for (long r = 0; r < rows; r++) {                                                          \
            const float *xr = x + r * cols;                                                        \
            float *yr = y + r * cols, m;                                                           \
            float s = row_sum(xr, yr, cols, 1, &m);                                                \
            float inv = 1.0f / s;                                                                  \
            for (long c = 0; c < cols; c++) yr[c] *= inv;                                          \
            if (targets) losses[r] = m + logf(s) - xr[targets[r]];                                 \
        }                                                                                          \
    }                                                                                              \
    attributes static void log_softmax_##suffix(const float *x, float *y, long rows, long cols) { \
        for (long r = 0; r < rows; r++) {                                                          \
            const float *xr = x + r * cols;                                                        \
            float *yr = y + r * cols, m;                                                           \
            float s = row_sum(xr, NULL, cols, 0, &m);                                              \
            float total = m + logf(s);                                                             \
            for (long c = 0; c < cols; c++) yr[c] = xr[c] - total;                                 \
        }                                                                                          \
    }

SOFTMAX_LOOPS(base, )
#if defined(__x86_64__)
SOFTMAX_LOOPS(avx2, __attribute__((target("avx2,fma"))))
#endif

void rk_softmax_rows(const float *x, float *y, long rows, long cols, const long *targets, float *losses) {
#if defined(__x86_64__)
    if (rk_avx2_available()) { softmax_avx2(x, y, rows, cols, targets, losses); return; }
#endif
    softmax_base(x, y, rows, cols, targets, losses);
}

void rk_log_softmax_rows(const float *x, float *y, long rows, long cols) {
#if defined(__x86_64__)
    if (rk_avx2_available()) { log_softmax_avx2(x, y, rows, cols); return; }
#endif
    log_softmax_base(x, y, rows, cols);
}

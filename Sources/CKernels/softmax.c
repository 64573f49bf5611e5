// Row softmax, log-softmax and softmax cross-entropy for Float: e^x through
// Cephes' expf polynomial (about 1 ulp), eight columns at a time, compiled
// for AVX2 + FMA and for the baseline like the activations, where libm's expf
// is a call per element.
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "CKernels.h"

// e^x for x <= 0 (a logit minus its row's maximum): 0 below ln(FLT_MIN), where
// e^x would be subnormal; NaN for NaN, so that a NaN logit reaches the loss.
static inline __attribute__((always_inline)) float exp_nonpositive(float x) {
    const float lowest = -87.3365447505531f;  // ln(2^-126)
    float xc = x >= lowest ? x : lowest;
    float n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;  // x / ln 2 rounded to the nearest integer
    float r = xc - n * 0.693359375f;  // x − n·ln 2 in two parts (Cody and Waite)
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;  // 2^n, n in -126...0
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return x >= lowest ? p * scale : (x < lowest ? 0.0f : x);
}

// One row x [cols]: its maximum m (NaNs skipped, as Swift.max skips them) and
// s = Σ e^(x − m), each e^(x − m) written to y [cols] when y is not NULL.
#define ROW_SUM(suffix, attributes)                                                                \
    attributes static inline float row_sum_##suffix(const float *x, float *y, long cols, float *max) { \
        float lanes[8];                                                                            \
        for (int l = 0; l < 8; l++) lanes[l] = -INFINITY;                                          \
        long c = 0;                                                                                \
        for (; c + 8 <= cols; c += 8)                                                              \
            for (int l = 0; l < 8; l++) lanes[l] = x[c + l] > lanes[l] ? x[c + l] : lanes[l];     \
        float m = -INFINITY;                                                                       \
        for (int l = 0; l < 8; l++) m = lanes[l] > m ? lanes[l] : m;                               \
        for (; c < cols; c++) m = x[c] > m ? x[c] : m;                                             \
        for (int l = 0; l < 8; l++) lanes[l] = 0;                                                  \
        for (c = 0; c + 8 <= cols; c += 8)                                                         \
            for (int l = 0; l < 8; l++) {                                                          \
                float e = exp_nonpositive(x[c + l] - m);                                           \
                if (y) y[c + l] = e;                                                               \
                lanes[l] += e;                                                                     \
            }                                                                                      \
        float s = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7])); \
        for (; c < cols; c++) {                                                                    \
            float e = exp_nonpositive(x[c] - m);                                                   \
            if (y) y[c] = e;                                                                       \
            s += e;                                                                                \
        }                                                                                          \
        *max = m;                                                                                  \
        return s;                                                                                  \
    }

#define SOFTMAX_LOOPS(suffix, attributes)                                                          \
    ROW_SUM(suffix, attributes)                                                                    \
    attributes static void softmax_##suffix(const float *x, float *y, long rows, long cols,       \
                                            const long *targets, float *losses) {                 \
        for (long r = 0; r < rows; r++) {                                                          \
            const float *xr = x + r * cols;                                                        \
            float *yr = y + r * cols, m;                                                           \
            float s = row_sum_##suffix(xr, yr, cols, &m);                                          \
            float inv = 1.0f / s;                                                                  \
            for (long c = 0; c < cols; c++) yr[c] *= inv;                                          \
            if (targets) losses[r] = m + logf(s) - xr[targets[r]];                                 \
        }                                                                                          \
    }                                                                                              \
    attributes static void log_softmax_##suffix(const float *x, float *y, long rows, long cols) { \
        for (long r = 0; r < rows; r++) {                                                          \
            const float *xr = x + r * cols;                                                        \
            float *yr = y + r * cols, m;                                                           \
            float s = row_sum_##suffix(xr, NULL, cols, &m);                                        \
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

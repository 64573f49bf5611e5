// Adam / AdamW for Float in one pass, the same operations in the same order as
// RNNCore's generic adamKernel (PyTorch's _single_tensor_adam), so results are
// bit for bit the same. Swift's Float square root is a libm call on Linux and
// keeps that loop scalar; here the AVX2 build runs eight elements at a time
// with separate multiplies and adds (no FMA, which would round differently).
#include "CKernels.h"

#include <math.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#pragma clang fp contract(off)

/// PyTorch's lerp: a + w·(b − a) for |w| < 0.5, else b − (b − a)·(1 − w).
static inline __attribute__((always_inline)) float lerp(float a, float b, float w) {
    return fabsf(w) < 0.5f ? a + w * (b - a) : b - (b - a) * (1 - w);
}

/// One element: moments, then the step.
static inline __attribute__((always_inline)) void adam_one(float *p, const float *g, float *m, float *v, float *vmax, long i,
                                                           const rk_adam_settings *s) {
    float w = p[i], d = g[i];
    if (s->decay != 1) w = w * s->decay;
    else d = d + s->weight_decay * w;
    float mi = lerp(m[i], d, s->one_minus_beta1);
    m[i] = mi;
    float vi = v[i] * s->beta2 + s->one_minus_beta2 * (d * d);
    v[i] = vi;
    if (vmax) {
        vi = vi >= vmax[i] ? vi : vmax[i];  // Swift.max(vmax, v)
        vmax[i] = vi;
    }
    float den = sqrtf(vi) / s->bias_correction2_sqrt + s->eps;
    p[i] = w - s->step_size * (mi / den);
}

static void adam_base(float *p, const float *g, float *m, float *v, float *vmax, long n, const rk_adam_settings *s) {
    for (long i = 0; i < n; i++) adam_one(p, g, m, v, vmax, i, s);
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static void adam_avx2(float *p, const float *g, float *m, float *v, float *vmax, long n, const rk_adam_settings *s) {
    long i = 0;
    // The vector loop covers the usual case: no AMSGrad maximum, |1 − β1| < 0.5.
    if (!vmax && fabsf(s->one_minus_beta1) < 0.5f) {
        const int decoupled = s->decay != 1;
        const __m256 decay = _mm256_set1_ps(s->decay), wd = _mm256_set1_ps(s->weight_decay);
        const __m256 w1 = _mm256_set1_ps(s->one_minus_beta1), b2 = _mm256_set1_ps(s->beta2);
        const __m256 w2 = _mm256_set1_ps(s->one_minus_beta2), bc = _mm256_set1_ps(s->bias_correction2_sqrt);
        const __m256 eps = _mm256_set1_ps(s->eps), step = _mm256_set1_ps(s->step_size);
        for (; i + 8 <= n; i += 8) {
            __m256 w = _mm256_loadu_ps(p + i), d = _mm256_loadu_ps(g + i);
            if (decoupled) w = _mm256_mul_ps(w, decay);
            else d = _mm256_add_ps(d, _mm256_mul_ps(wd, w));
            __m256 mo = _mm256_loadu_ps(m + i);
            __m256 mi = _mm256_add_ps(mo, _mm256_mul_ps(w1, _mm256_sub_ps(d, mo)));
            _mm256_storeu_ps(m + i, mi);
            __m256 vi = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(v + i), b2), _mm256_mul_ps(w2, _mm256_mul_ps(d, d)));
            _mm256_storeu_ps(v + i, vi);
            __m256 den = _mm256_add_ps(_mm256_div_ps(_mm256_sqrt_ps(vi), bc), eps);
            _mm256_storeu_ps(p + i, _mm256_sub_ps(w, _mm256_mul_ps(step, _mm256_div_ps(mi, den))));
        }
    }
    for (; i < n; i++) adam_one(p, g, m, v, vmax, i, s);
}
#endif

void rk_adam(float *p, const float *g, float *m, float *v, float *vmax, long n, const rk_adam_settings *settings) {
#if defined(__x86_64__)
    if (rk_avx2_available()) { adam_avx2(p, g, m, v, vmax, n, settings); return; }
#endif
    adam_base(p, g, m, v, vmax, n, settings);
}

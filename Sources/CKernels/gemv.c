// The matrix-vector product of sampling (one token at a time): y = W·x with
// W row-major, each output a dot product over a contiguous row. Four rows at
// a time, two accumulators each, so the loads of W stream without waiting on
// the FMA latency.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2,fma")))
static inline float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma")))
static void gemv_rows_avx2(long n, long k, const float *w, long ldw, const float *x, int accumulate, float *y) {
    long k16 = k & ~15L;
    long r = 0;
    for (; r + 4 <= n; r += 4) {
        const float *w0 = w + r * ldw, *w1 = w0 + ldw, *w2 = w1 + ldw, *w3 = w2 + ldw;
        __m256 a0 = _mm256_setzero_ps(), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
        for (long j = 0; j < k16; j += 16) {
            __m256 x0 = _mm256_loadu_ps(x + j), x1 = _mm256_loadu_ps(x + j + 8);
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + j), x0, a0); b0 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + j + 8), x1, b0);
            a1 = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + j), x0, a1); b1 = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + j + 8), x1, b1);
            a2 = _mm256_fmadd_ps(_mm256_loadu_ps(w2 + j), x0, a2); b2 = _mm256_fmadd_ps(_mm256_loadu_ps(w2 + j + 8), x1, b2);
            a3 = _mm256_fmadd_ps(_mm256_loadu_ps(w3 + j), x0, a3); b3 = _mm256_fmadd_ps(_mm256_loadu_ps(w3 + j + 8), x1, b3);
        }
        float s0 = horizontal_sum(_mm256_add_ps(a0, b0)), s1 = horizontal_sum(_mm256_add_ps(a1, b1)),
              s2 = horizontal_sum(_mm256_add_ps(a2, b2)), s3 = horizontal_sum(_mm256_add_ps(a3, b3));
        for (long j = k16; j < k; j++) {
            s0 += w0[j] * x[j]; s1 += w1[j] * x[j]; s2 += w2[j] * x[j]; s3 += w3[j] * x[j];
        }
        if (accumulate) { y[r] += s0; y[r + 1] += s1; y[r + 2] += s2; y[r + 3] += s3; }
        else { y[r] = s0; y[r + 1] = s1; y[r + 2] = s2; y[r + 3] = s3; }
    }
    for (; r < n; r++) {
        const float *wr = w + r * ldw;
        __m256 a = _mm256_setzero_ps();
        for (long j = 0; j < k16; j += 8) a = _mm256_fmadd_ps(_mm256_loadu_ps(wr + j), _mm256_loadu_ps(x + j), a);
        float s = horizontal_sum(a);
        for (long j = k16; j < k; j++) s += wr[j] * x[j];
        y[r] = accumulate ? y[r] + s : s;
    }
}
#endif

void rk_gemv_rows(long n, long k, const float *w, long ldw, const float *x, int accumulate, float *y) {
#if defined(__x86_64__)
    gemv_rows_avx2(n, k, w, ldw, x, accumulate, y);
#else
    (void)n; (void)k; (void)w; (void)ldw; (void)x; (void)accumulate; (void)y;
#endif
}

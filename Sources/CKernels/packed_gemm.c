// C = A·B (+ C) with B packed once into 16-column panels and reused by many
// products: the recurrent weights of a layer serve every time step, so the
// per-step product skips the packing a BLAS call repeats each time.
//
// Loop order: panels, then K in blocks of KC (a panel block of KC × 16
// floats stays in L1), then rows in fours. The micro-kernel keeps a 4 × 16 block
// of C in eight AVX registers and does eight FMAs per k.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <string.h>

enum { NR = 16, MR = 4, KC = 256 };

size_t rk_packed_right_count(long k, long n) {
    return (size_t)k * NR * (size_t)((n + NR - 1) / NR);
}

void rk_pack_right(long k, long n, const float *b, long ldb, int transposed, float *packed) {
    long panels = (n + NR - 1) / NR;
    for (long p = 0; p < panels; p++) {
        float *dst = packed + p * k * NR;
        long j0 = p * NR, cols = n - j0 < NR ? n - j0 : NR;
        if (cols < NR) memset(dst, 0, sizeof(float) * (size_t)(k * NR));
        if (transposed) {
            // Column j of B is row j0 + j of Bᵀ: read it contiguously.
            for (long j = 0; j < cols; j++) {
                const float *src = b + (j0 + j) * ldb;
                for (long kk = 0; kk < k; kk++) dst[kk * NR + j] = src[kk];
            }
        } else {
            for (long kk = 0; kk < k; kk++) memcpy(dst + kk * NR, b + kk * ldb + j0, sizeof(float) * (size_t)cols);
        }
    }
}

#if defined(__x86_64__)
/// c [4, 16] (leading dimension ldc) = or += the rows a0..a3 (kc each) times
/// one packed panel block bp [kc, 16].
__attribute__((target("avx2,fma")))
static void kernel4x16(long kc, const float *a0, const float *a1, const float *a2, const float *a3,
                       const float *bp, int load, float *c, long ldc) {
    __m256 c00, c01, c10, c11, c20, c21, c30, c31;
    if (load) {
        c00 = _mm256_loadu_ps(c);           c01 = _mm256_loadu_ps(c + 8);
        c10 = _mm256_loadu_ps(c + ldc);     c11 = _mm256_loadu_ps(c + ldc + 8);
        c20 = _mm256_loadu_ps(c + 2 * ldc); c21 = _mm256_loadu_ps(c + 2 * ldc + 8);
        c30 = _mm256_loadu_ps(c + 3 * ldc); c31 = _mm256_loadu_ps(c + 3 * ldc + 8);
    } else {
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = _mm256_setzero_ps();
    }
    for (long kk = 0; kk < kc; kk++) {
        __m256 b0 = _mm256_load_ps(bp + kk * NR), b1 = _mm256_load_ps(bp + kk * NR + 8);
        __m256 x = _mm256_broadcast_ss(a0 + kk);
        c00 = _mm256_fmadd_ps(x, b0, c00); c01 = _mm256_fmadd_ps(x, b1, c01);
        x = _mm256_broadcast_ss(a1 + kk);
        c10 = _mm256_fmadd_ps(x, b0, c10); c11 = _mm256_fmadd_ps(x, b1, c11);
        x = _mm256_broadcast_ss(a2 + kk);
        c20 = _mm256_fmadd_ps(x, b0, c20); c21 = _mm256_fmadd_ps(x, b1, c21);
        x = _mm256_broadcast_ss(a3 + kk);
        c30 = _mm256_fmadd_ps(x, b0, c30); c31 = _mm256_fmadd_ps(x, b1, c31);
    }
    _mm256_storeu_ps(c, c00);           _mm256_storeu_ps(c + 8, c01);
    _mm256_storeu_ps(c + ldc, c10);     _mm256_storeu_ps(c + ldc + 8, c11);
    _mm256_storeu_ps(c + 2 * ldc, c20); _mm256_storeu_ps(c + 2 * ldc + 8, c21);
    _mm256_storeu_ps(c + 3 * ldc, c30); _mm256_storeu_ps(c + 3 * ldc + 8, c31);
}
#endif

void rk_gemm_packed(long m, long n, long k, const float *a, long lda, const float *packed,
                    int accumulate, float *c, long ldc) {
#if defined(__x86_64__)
    long panels = (n + NR - 1) / NR;
    if (k == 0) {
        if (!accumulate) for (long i = 0; i < m; i++) memset(c + i * ldc, 0, sizeof(float) * (size_t)n);
        return;
    }
    for (long p = 0; p < panels; p++) {
        long j0 = p * NR, cols = n - j0 < NR ? n - j0 : NR;
        // The panel's block of C (m rows of 16) stays in L1 across the K blocks.
        for (long k0 = 0; k0 < k; k0 += KC) {
            long kc = k - k0 < KC ? k - k0 : KC;
            int load = accumulate || k0 > 0;
            const float *bp = packed + p * k * NR + k0 * NR;
            for (long i = 0; i < m; i += MR) {
                long rows = m - i < MR ? m - i : MR;
                const float *ai = a + i * lda + k0;
                // Rows past m repeat the last row; their results are dropped.
                const float *r1 = ai + (rows > 1 ? lda : 0), *r2 = ai + (rows > 2 ? 2 : rows - 1) * lda,
                            *r3 = ai + (rows > 3 ? 3 : rows - 1) * lda;
                float *ci = c + i * ldc + j0;
                if (k0 == 0 && i + MR < m) {
                    // Rows of C lie far apart (a strided time step): fetch the next block's early.
                    for (long r = i + MR; r < i + 2 * MR && r < m; r++) {
                        _mm_prefetch((const char *)(c + r * ldc + j0), _MM_HINT_T0);
                        _mm_prefetch((const char *)(c + r * ldc + j0 + NR - 1), _MM_HINT_T0);
                    }
                }
                if (rows == MR && cols == NR) {
                    kernel4x16(kc, ai, r1, r2, r3, bp, load, ci, ldc);
                    continue;
                }
                // An edge block: work on a full 4 × 16 copy.
                float block[MR * NR] = {0};
                if (load) for (long r = 0; r < rows; r++) memcpy(block + r * NR, ci + r * ldc, sizeof(float) * (size_t)cols);
                kernel4x16(kc, ai, r1, r2, r3, bp, 1, block, NR);
                for (long r = 0; r < rows; r++) memcpy(ci + r * ldc, block + r * NR, sizeof(float) * (size_t)cols);
            }
        }
    }
#else
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)packed; (void)accumulate; (void)c; (void)ldc;
#endif
}

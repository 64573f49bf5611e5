// C = A·B (+ C) with B packed once into 16-column panels and reused by many
// products: the recurrent weights of a layer serve every time step, so the
// per-step product skips the packing a BLAS call repeats each time.
//
// Loop order: panels, then K in blocks of KC (a panel block of KC × 16
// floats stays in L1), then blocks of rows. The micro-kernels run the blocks:
// with AVX-512, 8 rows × 32 columns (two panels side by side) in sixteen zmm
// registers (one per row and panel), partial blocks through masks, a last odd
// panel 8 × 16; with AVX2, 6 × 16 or 5 × 16 in twelve or ten ymm registers
// (enough accumulators to keep both FMA units busy through a multiply-add's
// latency), 4 × 16 where blocks of six and five do not fit the rows, partial
// blocks on a full copy. All add the products into each element of C one k after
// another, in the same order, so their results are the same bit for bit.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <string.h>

enum { NR = 16, KC = 256 };

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
/// One block of C: c [rows, cols] (leading dimension ldc; rows ≤ the kernel's
/// block height, cols ≤ 16 · the panels it spans) = or += the rows of a (kc
/// each, leading dimension lda) times the packed panel blocks bp [kc, 16],
/// bp + panel, bp + 2 · panel … side by side.
typedef void block_kernel(long kc, const float *a, long lda, long rows, const float *bp, long panel, int load,
                          float *c, long ldc, long cols);

/// c [mr, 16] (leading dimension ldc) = or += the rows a[0] … a[mr - 1] (kc
/// each) times one packed panel block bp [kc, 16], in 2 · mr ymm registers.
__attribute__((target("avx2,fma"), always_inline))
static inline void kernel_rows_x16(int mr, long kc, const float *const *a, const float *bp, int load, float *c,
                                   long ldc) {
    __m256 acc[6][2];
    for (int r = 0; r < mr; r++)
        for (int h = 0; h < 2; h++) acc[r][h] = load ? _mm256_loadu_ps(c + r * ldc + 8 * h) : _mm256_setzero_ps();
    for (long kk = 0; kk < kc; kk++) {
        __m256 b0 = _mm256_load_ps(bp + kk * NR), b1 = _mm256_load_ps(bp + kk * NR + 8);
        for (int r = 0; r < mr; r++) {
            __m256 x = _mm256_broadcast_ss(a[r] + kk);
            acc[r][0] = _mm256_fmadd_ps(x, b0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(x, b1, acc[r][1]);
        }
    }
    for (int r = 0; r < mr; r++)
        for (int h = 0; h < 2; h++) _mm256_storeu_ps(c + r * ldc + 8 * h, acc[r][h]);
}

/// kernel_rows_x16 for 4 rows: eight accumulators, too few to cover the latency of a multiply-add on
/// CPUs that take 5 cycles for one (two a cycle), so it serves only blocks too short for five.
__attribute__((target("avx2,fma")))
static void kernel4x16(long kc, const float *const *a, const float *bp, int load, float *c, long ldc) {
    kernel_rows_x16(4, kc, a, bp, load, c, ldc);
}

/// kernel_rows_x16 for 5 rows: ten accumulators, two panel loads and five broadcasts per k.
__attribute__((target("avx2,fma")))
static void kernel5x16(long kc, const float *const *a, const float *bp, int load, float *c, long ldc) {
    kernel_rows_x16(5, kc, a, bp, load, c, ldc);
}

/// kernel_rows_x16 for 6 rows: twelve accumulators, two panel loads and six broadcasts per k.
__attribute__((target("avx2,fma")))
static void kernel6x16(long kc, const float *const *a, const float *bp, int load, float *c, long ldc) {
    kernel_rows_x16(6, kc, a, bp, load, c, ldc);
}

/// A block of up to 6 × 16 (block_kernel, one panel): 6 or 5 rows on kernel6x16 or kernel5x16, up to 4 on
/// kernel4x16.
static void block6x16(long kc, const float *a, long lda, long rows, const float *bp, long panel, int load, float *c,
                      long ldc, long cols) {
    (void)panel;
    int mr = rows > 4 ? (int)rows : 4;
    void (*kernel)(long, const float *const *, const float *, int, float *, long) =
        mr == 6 ? kernel6x16 : mr == 5 ? kernel5x16 : kernel4x16;
    // Rows past `rows` repeat the last row; their results are dropped.
    const float *ar[6];
    for (int r = 0; r < mr; r++) ar[r] = a + (r < rows ? r : rows - 1) * lda;
    if (rows == mr && cols == NR) {
        kernel(kc, ar, bp, load, c, ldc);
        return;
    }
    // An edge block: work on a full mr × 16 copy.
    float block[6 * NR] = {0};
    if (load) for (long r = 0; r < rows; r++) memcpy(block + r * NR, c + r * ldc, sizeof(float) * (size_t)cols);
    kernel(kc, ar, bp, 1, block, NR);
    for (long r = 0; r < rows; r++) memcpy(c + r * ldc, block + r * NR, sizeof(float) * (size_t)cols);
}

/// The rows of the next AVX2 block when `left` rows remain. Blocks of 5 and 6 rows each keep both FMA units
/// busy (one row per cycle), a block of 4 takes as long as one of 5: so `left` is cut into blocks of 6 and 5
/// where it can be (every count from 20 on can, and 5, 6, 10-12, 15-18), and otherwise into blocks of 5 then
/// 4 (7 and 8 rows as 4 + 3 and 4 + 4, 9 as 5 + 4). For lstm-m's 16 rows a thread that is 5 + 5 + 6.
static long rows_for_avx2(long left) {
    if (left <= 6) return left;
    long fives = (6 - left % 6) % 6;   // the blocks of 5 that make the rest a multiple of 6
    if (5 * fives <= left) return fives > 0 ? 5 : 6;
    return left <= 8 ? 4 : 5;
}

/// The rows of the next AVX-512 block: eight at a time.
static long rows_for_avx512(long left) {
    return left < 8 ? left : 8;
}

/// A block of up to 8 rows × 16 · `width` columns (block_kernel, `width`
/// panels, 1 or 2), one zmm register per row and panel; the columns past
/// `cols` are masked off. Two panels take each element of A for two products,
/// so the loads feed the multiply-adds instead of holding them up.
__attribute__((target("avx512f"), always_inline))
static inline void block8xw(int width, long kc, const float *a, long lda, long rows, const float *bp, long panel,
                            int load, float *c, long ldc, long cols) {
    enum { MR = 8 };
    __mmask16 mask[2];
    for (int w = 0; w < 2; w++) {
        long left = cols - w * NR;
        mask[w] = left >= NR ? (__mmask16)0xFFFF : left > 0 ? (__mmask16)((1u << left) - 1) : 0;
    }
    const float *ar[MR];
    __m512 acc[2][MR];
    for (int r = 0; r < MR; r++) {
        // Rows past `rows` repeat the last row; their results are dropped.
        ar[r] = a + (r < rows ? r : rows - 1) * lda;
        for (int w = 0; w < width; w++)
            acc[w][r] = load && r < rows ? _mm512_maskz_loadu_ps(mask[w], c + r * ldc + w * NR) : _mm512_setzero_ps();
    }
    for (long kk = 0; kk < kc; kk++) {
        __m512 b[2];
        for (int w = 0; w < width; w++) b[w] = _mm512_load_ps(bp + w * panel + kk * NR);
        for (int r = 0; r < MR; r++) {
            __m512 x = _mm512_set1_ps(ar[r][kk]);
            for (int w = 0; w < width; w++) acc[w][r] = _mm512_fmadd_ps(x, b[w], acc[w][r]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int w = 0; w < width; w++) _mm512_mask_storeu_ps(c + r * ldc + w * NR, mask[w], acc[w][r]);
}

/// A block of up to 8 × 16 (block_kernel, one panel) on block8xw.
__attribute__((target("avx512f")))
static void block8x16(long kc, const float *a, long lda, long rows, const float *bp, long panel, int load, float *c,
                      long ldc, long cols) {
    block8xw(1, kc, a, lda, rows, bp, panel, load, c, ldc, cols);
}

/// A block of up to 8 × 32 (block_kernel, two panels) on block8xw.
__attribute__((target("avx512f")))
static void block8x32(long kc, const float *a, long lda, long rows, const float *bp, long panel, int load, float *c,
                      long ldc, long cols) {
    block8xw(2, kc, a, lda, rows, bp, panel, load, c, ldc, cols);
}

/// rk_gemm_packed for k > 0: blocks of rows (as many as `rows_for` gives for
/// the rows left) by `width` panels on `kernel`, and the panels left over at
/// the right edge (fewer than `width`) one at a time on `edge`.
static inline __attribute__((always_inline)) void gemm_panels(block_kernel *kernel, long width, block_kernel *edge,
                                                              long (*rows_for)(long), long m, long n, long k, const float *a,
                                                              long lda, const float *packed, int accumulate, float *c,
                                                              long ldc) {
    long panels = (n + NR - 1) / NR;
    for (long p = 0; p < panels;) {
        int at_edge = panels - p < width;
        long span = at_edge ? 1 : width;
        block_kernel *block = at_edge ? edge : kernel;
        long j0 = p * NR, cols = n - j0 < span * NR ? n - j0 : span * NR;
        // The block of C under these panels (m rows of 16 · span) stays in L1 across the K blocks.
        for (long k0 = 0; k0 < k; k0 += KC) {
            long kc = k - k0 < KC ? k - k0 : KC;
            int load = accumulate || k0 > 0;
            const float *bp = packed + p * k * NR + k0 * NR;
            for (long i = 0, rows; i < m; i += rows) {
                rows = rows_for(m - i);
                float *ci = c + i * ldc + j0;
                if (k0 == 0 && i + rows < m) {
                    // Rows of C lie far apart (a strided time step): fetch the next block's early.
                    long next = i + rows + rows_for(m - i - rows);
                    for (long r = i + rows; r < next; r++) {
                        for (long j = 0; j < cols; j += NR) _mm_prefetch((const char *)(ci + (r - i) * ldc + j), _MM_HINT_T0);
                        _mm_prefetch((const char *)(ci + (r - i) * ldc + cols - 1), _MM_HINT_T0);
                    }
                }
                block(kc, a + i * lda + k0, lda, rows, bp, k * NR, load, ci, ldc, cols);
            }
        }
        p += span;
    }
}
#endif

void rk_gemm_packed_on(int avx512, long m, long n, long k, const float *a, long lda, const float *packed,
                       int accumulate, float *c, long ldc) {
#if defined(__x86_64__)
    if (k == 0) {
        // C = 0, or left as is when accumulating.
        if (!accumulate) for (long i = 0; i < m; i++) memset(c + i * ldc, 0, sizeof(float) * (size_t)n);
    } else if (avx512) {
        gemm_panels(block8x32, 2, block8x16, rows_for_avx512, m, n, k, a, lda, packed, accumulate, c, ldc);
    } else {
        gemm_panels(block6x16, 1, block6x16, rows_for_avx2, m, n, k, a, lda, packed, accumulate, c, ldc);
    }
#else
    (void)avx512; (void)m; (void)n; (void)k; (void)a; (void)lda; (void)packed; (void)accumulate; (void)c; (void)ldc;
#endif
}

void rk_gemm_packed(long m, long n, long k, const float *a, long lda, const float *packed,
                    int accumulate, float *c, long ldc) {
    rk_gemm_packed_on(rk_avx512_available(), m, n, k, a, lda, packed, accumulate, c, ldc);
}

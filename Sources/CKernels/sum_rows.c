// Column sums of a strided matrix, compiled for AVX2 and for the baseline
// like the activations: each column's terms are added one row after another,
// in the same order as the generic TensorScalar.sumRowsKernel, which Double
// (gradient checks) runs, so the two give the same sums bit for bit.
#include "CKernels.h"

// Columns are taken 64 at a time, their partial sums kept in a block that
// stays in registers or L1 while the rows go by.
enum { SUM_COLUMNS = 64 };

#define SUM_ROWS_LOOP(suffix, attributes)                                                         \
    attributes static void sum_rows_##suffix(const float *restrict x, long rows, long cols,       \
                                             long stride, float *restrict y) {                    \
        long c0 = 0;                                                                              \
        for (; c0 + SUM_COLUMNS <= cols; c0 += SUM_COLUMNS) {                                     \
            float sum[SUM_COLUMNS];                                                               \
            for (long j = 0; j < SUM_COLUMNS; j++) sum[j] = y[c0 + j];                            \
            for (long r = 0; r < rows; r++) {                                                     \
                const float *restrict row = x + r * stride + c0;                                  \
                for (long j = 0; j < SUM_COLUMNS; j++) sum[j] += row[j];                          \
            }                                                                                     \
            for (long j = 0; j < SUM_COLUMNS; j++) y[c0 + j] = sum[j];                            \
        }                                                                                         \
        for (long r = 0; r < rows; r++) {                                                         \
            const float *restrict row = x + r * stride;                                           \
            for (long c = c0; c < cols; c++) y[c] += row[c];                                      \
        }                                                                                         \
    }

SUM_ROWS_LOOP(base, )
#if defined(__x86_64__)
SUM_ROWS_LOOP(avx2, __attribute__((target("avx2,fma"))))
#endif

void rk_sum_rows(const float *x, long rows, long cols, long stride, float *y) {
#if defined(__x86_64__)
    if (rk_avx2_available()) { sum_rows_avx2(x, rows, cols, stride, y); return; }
#endif
    sum_rows_base(x, rows, cols, stride, y);
}

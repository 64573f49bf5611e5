// Run-time choice between the AVX2 + FMA build of a loop and its baseline build.
#ifndef RNNKIT_CKERNELS_DISPATCH_H
#define RNNKIT_CKERNELS_DISPATCH_H

/// Whether to run AVX2 + FMA code: rk_packed_gemm_available(), looked up once.
int rk_use_avx2(void);

#endif

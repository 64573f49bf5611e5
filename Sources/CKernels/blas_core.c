#include <stdlib.h>
#include <string.h>
#include "CKernels.h"

// OpenBLAS's exported functions (weak: another BLAS, or an OpenBLAS built for one target,
// has not all of them, and they are then NULL). gotoblas_dynamic_quit() forgets the core
// chosen and gotoblas_dynamic_init() chooses again, reading OPENBLAS_CORETYPE.
extern char *openblas_get_corename(void) __attribute__((weak));
extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));

const char *rk_blas_core_name(void) {
    return openblas_get_corename ? openblas_get_corename() : NULL;
}

const char *rk_blas_known_core(const char *current, int avx512, int avx2) {
    if (current == NULL || strcmp(current, "Prescott") != 0) return NULL;
    return avx512 ? "SkylakeX" : avx2 ? "Haswell" : NULL;
}

const char *rk_blas_use_known_core(void) {
#if defined(__x86_64__)
    if (!gotoblas_dynamic_init || !gotoblas_dynamic_quit) return NULL;
    const char *chosen = getenv("OPENBLAS_CORETYPE");
    if (chosen != NULL && chosen[0] != '\0') return NULL;
    // SkylakeX's kernels use AVX-512 F, CD, BW, DQ and VL.
    int avx512 = rk_avx512_cpu() && __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
    const char *core = rk_blas_known_core(rk_blas_core_name(), avx512, rk_avx2_cpu());
    if (core == NULL) return NULL;
    setenv("OPENBLAS_CORETYPE", core, 1);
    gotoblas_dynamic_quit();
    gotoblas_dynamic_init();
    unsetenv("OPENBLAS_CORETYPE");
    return rk_blas_core_name();
#else
    return NULL;
#endif
}

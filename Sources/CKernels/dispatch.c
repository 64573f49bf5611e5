#include <stdlib.h>
#include "CKernels.h"

#if defined(__x86_64__)
// An environment variable set to anything but "" or "0" turns kernels off:
// RNNKIT_DISABLE_AVX2 picks the baseline kernels (and BLAS for the products),
// the ones CPUs without AVX2 and FMA run; RNNKIT_DISABLE_AVX512 the AVX2
// micro-kernel of the packed product, the one CPUs without AVX-512 run.
static int disabled_by_environment(const char *name) {
    const char *value = getenv(name);
    return value != NULL && value[0] != '\0' && !(value[0] == '0' && value[1] == '\0');
}

static int avx2_usable(void) {
    return rk_avx2_cpu() && !disabled_by_environment("RNNKIT_DISABLE_AVX2");
}

static int avx512_usable(void) {
    return rk_avx2_available() && rk_avx512_cpu() && !disabled_by_environment("RNNKIT_DISABLE_AVX512");
}
#else
static int avx2_usable(void) { return 0; }
static int avx512_usable(void) { return 0; }
#endif

/// `look()`, asked on the first call only and kept in `chosen` (-1 until then).
static int looked_up_once(int *chosen, int (*look)(void)) {
    int value = __atomic_load_n(chosen, __ATOMIC_RELAXED);
    if (value < 0) {
        value = look();
        __atomic_store_n(chosen, value, __ATOMIC_RELAXED);
    }
    return value;
}

int rk_avx2_available(void) {
    static int chosen = -1;
    return looked_up_once(&chosen, avx2_usable);
}

int rk_avx2_cpu(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int rk_avx512_cpu(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && rk_avx2_cpu();
#else
    return 0;
#endif
}

int rk_avx512_available(void) {
    static int chosen = -1;
    return looked_up_once(&chosen, avx512_usable);
}

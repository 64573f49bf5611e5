#include <stdlib.h>
#include "CKernels.h"

#if defined(__x86_64__)
// RNNKIT_DISABLE_AVX2 set to anything but "" or "0" picks the baseline
// kernels (and BLAS for the products), the ones CPUs without AVX2 and FMA run.
static int disabled_by_environment(void) {
    const char *value = getenv("RNNKIT_DISABLE_AVX2");
    return value != NULL && value[0] != '\0' && !(value[0] == '0' && value[1] == '\0');
}
#endif

int rk_avx2_available(void) {
    static int chosen = -1;   // -1 until the first call looks
    int value = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (value < 0) {
#if defined(__x86_64__)
        __builtin_cpu_init();
        value = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && !disabled_by_environment();
#else
        value = 0;
#endif
        __atomic_store_n(&chosen, value, __ATOMIC_RELAXED);
    }
    return value;
}

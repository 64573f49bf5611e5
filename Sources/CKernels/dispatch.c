#include "CKernels.h"

int rk_avx2_available(void) {
    static int chosen = -1;   // -1 until the first call looks
    int value = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (value < 0) {
#if defined(__x86_64__)
        __builtin_cpu_init();
        value = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
        value = 0;
#endif
        __atomic_store_n(&chosen, value, __ATOMIC_RELAXED);
    }
    return value;
}

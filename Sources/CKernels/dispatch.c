#include "CKernels.h"
#include "dispatch.h"

int rk_use_avx2(void) {
    static int chosen = -1;   // -1 until the first call looks
    int value = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (value < 0) {
        value = rk_packed_gemm_available();
        __atomic_store_n(&chosen, value, __ATOMIC_RELAXED);
    }
    return value;
}

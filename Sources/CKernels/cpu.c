// Which vector instructions the running CPU has, checked once: the kernels are compiled for several levels
// and pick theirs at run time, so one binary runs on any x86-64 (and on other CPUs with the plain C code).
#include "ckernels.h"

static int detect(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return 0;
    return __builtin_cpu_supports("avx512f") ? 2 : 1;
#else
    return 0;
#endif
}

int kanade_simd_level(void) {
    // Racing first calls both store the same value; -1 means not yet checked.
    static int level = -1;
    int l = __atomic_load_n(&level, __ATOMIC_RELAXED);
    if (l < 0) {
        l = detect();
        __atomic_store_n(&level, l, __ATOMIC_RELAXED);
    }
    return l;
}

int kanade_clamp_level(int requested) {
    int available = kanade_simd_level();
    return requested < available ? (requested < 0 ? 0 : requested) : available;
}

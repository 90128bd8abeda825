// Row-major matrix-vector product for batch-1 recurrent steps. Debian's OpenBLAS 0.3.21 runs its Haswell
// sgemv kernel on newer CPUs; four rows at a time with wide FMAs measured about 1.3x faster here
// (docs/benchmarks.md, "Neural").
#include "ckernels.h"

/// Any rows, any CPU; also the wide kernels' last m mod 4 rows.
static void sgemv_plain(int m, int n, const float *a, int lda, const float *x, float beta, float *y) {
    for (int i = 0; i < m; i++) {
        const float *r = a + (long)i * lda;
        float t = 0;
        for (int j = 0; j < n; j++) t += r[j] * x[j];
        y[i] = t + beta * y[i];
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f,fma")))
static void sgemv_avx512(int m, int n, const float *a, int lda, const float *x, float beta, float *y) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
        const float *r0 = a + (long)i * lda, *r1 = r0 + lda, *r2 = r1 + lda, *r3 = r2 + lda;
        __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j + 16 <= n; j += 16) {
            __m512 v = _mm512_loadu_ps(x + j);
            s0 = _mm512_fmadd_ps(_mm512_loadu_ps(r0 + j), v, s0);
            s1 = _mm512_fmadd_ps(_mm512_loadu_ps(r1 + j), v, s1);
            s2 = _mm512_fmadd_ps(_mm512_loadu_ps(r2 + j), v, s2);
            s3 = _mm512_fmadd_ps(_mm512_loadu_ps(r3 + j), v, s3);
        }
        float t0 = _mm512_reduce_add_ps(s0), t1 = _mm512_reduce_add_ps(s1);
        float t2 = _mm512_reduce_add_ps(s2), t3 = _mm512_reduce_add_ps(s3);
        for (; j < n; j++) { t0 += r0[j] * x[j]; t1 += r1[j] * x[j]; t2 += r2[j] * x[j]; t3 += r3[j] * x[j]; }
        y[i] = t0 + beta * y[i]; y[i + 1] = t1 + beta * y[i + 1];
        y[i + 2] = t2 + beta * y[i + 2]; y[i + 3] = t3 + beta * y[i + 3];
    }
    sgemv_plain(m - i, n, a + (long)i * lda, lda, x, beta, y + i);
}

__attribute__((target("avx2,fma")))
static float sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma")))
static void sgemv_avx2(int m, int n, const float *a, int lda, const float *x, float beta, float *y) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
        const float *r0 = a + (long)i * lda, *r1 = r0 + lda, *r2 = r1 + lda, *r3 = r2 + lda;
        __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            __m256 v = _mm256_loadu_ps(x + j);
            s0 = _mm256_fmadd_ps(_mm256_loadu_ps(r0 + j), v, s0);
            s1 = _mm256_fmadd_ps(_mm256_loadu_ps(r1 + j), v, s1);
            s2 = _mm256_fmadd_ps(_mm256_loadu_ps(r2 + j), v, s2);
            s3 = _mm256_fmadd_ps(_mm256_loadu_ps(r3 + j), v, s3);
        }
        float t0 = sum8(s0), t1 = sum8(s1), t2 = sum8(s2), t3 = sum8(s3);
        for (; j < n; j++) { t0 += r0[j] * x[j]; t1 += r1[j] * x[j]; t2 += r2[j] * x[j]; t3 += r3[j] * x[j]; }
        y[i] = t0 + beta * y[i]; y[i + 1] = t1 + beta * y[i + 1];
        y[i + 2] = t2 + beta * y[i + 2]; y[i + 3] = t3 + beta * y[i + 3];
    }
    sgemv_plain(m - i, n, a + (long)i * lda, lda, x, beta, y + i);
}
#endif

void kanade_sgemv_rows(int m, int n, const float *a, int lda, const float *x, float beta, float *y) {
#if defined(__x86_64__)
    switch (kanade_simd_level()) {
    case 2: return sgemv_avx512(m, n, a, lda, x, beta, y);
    case 1: return sgemv_avx2(m, n, a, lda, x, beta, y);
    }
#endif
    sgemv_plain(m, n, a, lda, x, beta, y);
}

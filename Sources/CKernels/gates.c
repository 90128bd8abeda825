// The recurrent layers' pointwise math, vectorized: glibc's scalar expf cost about a fifth of a batch-1
// LSTM decode step (docs/benchmarks.md, "Neural").
#include <math.h>
#include "ckernels.h"

static void lstm_gates_plain(const float *g, float *c, float *h, int n) {
    for (int j = 0; j < n; j++) {
        float i = 1 / (1 + expf(-g[j])), f = 1 / (1 + expf(-g[n + j]));
        float cell = tanhf(g[2 * n + j]), o = 1 / (1 + expf(-g[3 * n + j]));
        float next = f * c[j] + i * cell;
        c[j] = next;
        h[j] = o * tanhf(next);
    }
}

#if defined(__x86_64__)
#define LANES 16
#define SUFFIX 512
#define TARGET __attribute__((target("avx512f,fma")))
#include "simd_math.h"
#undef LANES
#undef SUFFIX
#undef TARGET
#define LANES 8
#define SUFFIX 256
#define TARGET __attribute__((target("avx2,fma")))
#include "simd_math.h"
#undef LANES
#undef SUFFIX
#undef TARGET
#endif

void kanade_lstm_gates(int level, const float *gates, float *c, float *h, int n) {
#if defined(__x86_64__)
    switch (kanade_clamp_level(level)) {
    case 2: return lstm_gates_512(gates, c, h, n);
    case 1: return lstm_gates_256(gates, c, h, n);
    }
#endif
    lstm_gates_plain(gates, c, h, n);
}

void kanade_lstm_step_units(int level, const float *wih, int inputs, const float *whh, int hidden, const float *bias,
                            const float *x, const float *h, float *c, float *h_next, int j0, int j1, float *gates) {
    int n = j1 - j0;
    if (n <= 0) return;
    for (int q = 0; q < 4; q++) {
        long row = (long)q * hidden + j0;
        float *g = gates + q * n;
        for (int j = 0; j < n; j++) g[j] = bias[row + j];
        kanade_sgemv_rows(n, inputs, wih + row * inputs, inputs, x, 1, g);
        kanade_sgemv_rows(n, hidden, whh + row * hidden, hidden, h, 1, g);
    }
    kanade_lstm_gates(level, gates, c + j0, h_next + j0, n);
}

// Small numeric kernels Kanade's Neural module calls where OpenBLAS is slow for the shape.
#pragma once

/// y[m] = A[m×n]·x + beta·y for row-major A (row stride lda): the matrix-vector product of one
/// recurrent step. Uses AVX-512 or AVX2+FMA when the CPU has them (chosen at run time), else plain C.
void kanade_sgemv_rows(int m, int n, const float *a, int lda, const float *x, float beta, float *y);

/// The vector level the CPU runs: 2 AVX-512F, 1 AVX2 with FMA, 0 plain C. Kernels taking a `level` use
/// min(level, this) (tests ask for lower levels to check every path on one machine).
int kanade_simd_level(void);
/// min(requested, kanade_simd_level()), at least 0.
int kanade_clamp_level(int requested);

/// The LSTM pointwise update for one row: with gates [i | f | g | o] (each n wide, pre-activation),
/// c ← σ(f)·c + σ(i)·tanh(g), h ← σ(o)·tanh(c). Vectorized exp/tanh (Cephes, 1-2 ulp) at levels 1 and 2.
void kanade_lstm_gates(int level, const float *gates, float *c, float *h, int n);

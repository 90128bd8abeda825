// Small numeric kernels Kanade's Neural module calls where OpenBLAS is slow for the shape.
#pragma once

/// y[m] = A[m×n]·x + beta·y for row-major A (row stride lda): the matrix-vector product of one
/// recurrent step. Uses AVX-512 or AVX2+FMA when the CPU has them (chosen at run time), else plain C.
void kanade_sgemv_rows(int m, int n, const float *a, int lda, const float *x, float beta, float *y);

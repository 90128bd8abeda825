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
/// One batch-1 LSTM layer step for hidden units j0..<j1 (of `hidden`): their gate rows of
/// bias + W_ih[4H×inputs]·x + W_hh[4H×hidden]·h, then the pointwise update of c[j0..<j1) and h_next[j0..<j1).
/// h_next must not alias h (other unit ranges may still be reading h). `gates` is scratch for 4·(j1-j0) floats.
/// Disjoint unit ranges may run on different threads.
void kanade_lstm_step_units(int level, const float *wih, int inputs, const float *whh, int hidden, const float *bias,
                            const float *x, const float *h, float *c, float *h_next, int j0, int j1, float *gates);

/// Floats kanade_conv2d_pack writes for a [cout, cin, kh, kw] kernel.
long kanade_conv2d_packed_count(int cout, int cin, int kh, int kw);
/// Reorders a [cout, cin, kh, kw] kernel for kanade_conv2d_direct: blocks of 8 output channels (the last
/// zero-filled), each [cin][kh][kw][8].
void kanade_conv2d_pack(const float *weight, int cout, int cin, int kh, int kw, float *packed);
/// Floats of scratch one kanade_conv2d_direct call needs (a band of zero-padded input rows).
long kanade_conv2d_scratch_count(int cin, int h, int w, int kh, int kw, int ph, int pw);
/// Stride-1, dilation-1, single-group cross-correlation of one image [cin, h, w] with zero padding (ph, pw),
/// writing output rows row0..<row1 of [cout, ho, wo] (bias may be NULL). Returns 0, writing nothing, when
/// the CPU (or `level`) has no vector kernel for it: the caller then uses im2col + sgemm.
int kanade_conv2d_direct(int level, const float *input, int cin, int h, int w, const float *packed,
                         const float *bias, int cout, int kh, int kw, int ph, int pw, float *output,
                         int row0, int row1, float *scratch);

/// Floats of scratch kanade_depthwise_plane needs: the plane with its zero border.
long kanade_depthwise_scratch_count(int h, int w, int ph, int pw);
/// One plane of a depthwise cross-correlation, stride 1: output[ho×wo] = bias + Σ taps[i][j] · input shifted by
/// (i·dh − ph, j·dw − pw), zero outside the h×w input. Vectorized at `level` (clamped to the CPU's).
void kanade_depthwise_plane(int level, const float *input, int h, int w, const float *taps, int kh, int kw,
                            int dh, int dw, int ph, int pw, float bias, float *output, int ho, int wo,
                            float *scratch);

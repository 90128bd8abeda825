// The direct convolution's micro-kernel, written once with Clang vector extensions and instantiated per ISA by
// including this file with LANES, SUFFIX, TARGET and XVECS (output vectors per row tile) defined.
//
// A tile is 8 output channels × XVECS·LANES output pixels of one output row, accumulated in registers
// (8×3 zmm with AVX-512, 8×1 ymm with AVX2's 16 registers) over input channels and kernel taps; each tap loads
// XVECS input vectors and broadcasts 8 packed weights.
#define CAT_(a, b) a##_##b
#define CAT(a, b) CAT_(a, b)
#define V CAT(cvf, SUFFIX)

typedef float V __attribute__((vector_size(LANES * 4), aligned(4)));

__attribute__((always_inline)) TARGET static inline void CAT(conv_tile, SUFFIX)(
    const float *in, long chanStride, long rowStride, const float *wp, int cin, int kh, int kw,
    const float *bias, int co0, int cout, float *out, long planeOut, int valid, const int nx) {
    V acc[8][XVECS];
    for (int c = 0; c < 8; c++) {
        float b = bias && co0 + c < cout ? bias[co0 + c] : 0;
        for (int i = 0; i < nx; i++) acc[c][i] = (V){0} + b;
    }
    for (int ci = 0; ci < cin; ci++) {
        for (int ky = 0; ky < kh; ky++) {
            const float *r = in + ci * chanStride + ky * rowStride;
            for (int kx = 0; kx < kw; kx++) {
                V v[XVECS];
                for (int i = 0; i < nx; i++) __builtin_memcpy(&v[i], r + kx + i * LANES, sizeof(V));
                for (int c = 0; c < 8; c++) {
                    V w = wp[c] - (V){0};   // a splat (x - 0 is x, unlike 0 + x for -0)
                    for (int i = 0; i < nx; i++) acc[c][i] += v[i] * w;
                }
                wp += 8;
            }
        }
    }
    int channels = cout - co0 < 8 ? cout - co0 : 8;
    for (int c = 0; c < channels; c++) {
        float *o = out + c * planeOut;
        for (int i = 0; i + 1 < nx; i++) __builtin_memcpy(o + i * LANES, &acc[c][i], sizeof(V));
        V last = acc[c][nx - 1];   // a copy, so acc itself never needs an address and stays in registers
        __builtin_memcpy(o + (nx - 1) * LANES, &last, valid * sizeof(float));
    }
}

/// Output rows y0..<y1 from a padded band whose row 0 is the first input row output row y0 reads.
TARGET static void CAT(conv_rows, SUFFIX)(const float *band, long chanStride, long rowStride, const float *packed,
                                          const float *bias, int cin, int cout, int kh, int kw, float *out,
                                          long planeOut, int wo, int y0, int y1) {
    long blockWeights = (long)cin * kh * kw * 8;
    for (int y = y0; y < y1; y++) {
        const float *rowIn = band + (long)(y - y0) * rowStride;
        float *rowOut = out + (long)y * wo;
        for (int x0 = 0, nx = 0; x0 < wo; x0 += nx * LANES) {
            int vectors = (wo - x0 + LANES - 1) / LANES;   // still to do in this row
            // 4 left: two tiles of 2 rather than 3 + 1 (a 1-vector tile broadcasts 8 weights per 8 FMAs).
            nx = vectors >= XVECS ? (vectors == 4 && XVECS == 3 ? 2 : XVECS) : vectors;
            int left = wo - x0 < nx * LANES ? wo - x0 : nx * LANES;
            int valid = left - (nx - 1) * LANES;
            for (int co0 = 0; co0 < cout; co0 += 8) {
                const float *wp = packed + (co0 / 8) * blockWeights;
                float *o = rowOut + co0 * planeOut + x0;
                switch (nx) {
#if XVECS >= 3
                case 3: CAT(conv_tile, SUFFIX)(rowIn + x0, chanStride, rowStride, wp, cin, kh, kw, bias, co0, cout, o, planeOut, valid, 3); break;
#endif
#if XVECS >= 2
                case 2: CAT(conv_tile, SUFFIX)(rowIn + x0, chanStride, rowStride, wp, cin, kh, kw, bias, co0, cout, o, planeOut, valid, 2); break;
#endif
                default: CAT(conv_tile, SUFFIX)(rowIn + x0, chanStride, rowStride, wp, cin, kh, kw, bias, co0, cout, o, planeOut, valid, 1); break;
                }
            }
        }
    }
}

#undef V

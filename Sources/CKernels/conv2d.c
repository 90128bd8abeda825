// Direct convolution for stride 1, dilation 1, one group: no im2col buffer, the output accumulated in
// registers. Debian's OpenBLAS runs its Haswell sgemm on newer CPUs, and im2col + sgemm measured 2.3x slower
// than PyTorch's oneDNN convolution here (docs/benchmarks.md, "Neural").
#include <string.h>
#include "ckernels.h"

#if defined(__x86_64__)
#define LANES 16
#define SUFFIX 512
#define XVECS 3
#define TARGET __attribute__((target("avx512f,fma")))
#include "conv_simd.h"
#undef LANES
#undef SUFFIX
#undef XVECS
#undef TARGET
#define LANES 8
#define SUFFIX 256
#define XVECS 1
#define TARGET __attribute__((target("avx2,fma")))
#include "conv_simd.h"
#undef LANES
#undef SUFFIX
#undef XVECS
#undef TARGET
#endif

/// Padded row length: the image row plus both paddings, plus a vector of zeros the last tile may read past.
static long padded_row(int w, int pw) { return ((long)w + 2 * pw + 16 + 15) / 16 * 16; }

/// Output rows per band: the band's padded input (all channels) stays around 512 KiB, inside the 1 MiB L2.
static int band_rows(int cin, int w, int kh, int pw) {
    long rows = (1L << 17) / ((long)cin * padded_row(w, pw)) - (kh - 1);
    return rows < 1 ? 1 : (int)rows;
}

long kanade_conv2d_packed_count(int cout, int cin, int kh, int kw) {
    return (long)(cout + 7) / 8 * 8 * cin * kh * kw;
}

void kanade_conv2d_pack(const float *weight, int cout, int cin, int kh, int kw, float *packed) {
    long taps = (long)cin * kh * kw;
    for (int co0 = 0; co0 < cout; co0 += 8)
        for (long t = 0; t < taps; t++)
            for (int c = 0; c < 8; c++)
                *packed++ = co0 + c < cout ? weight[(co0 + c) * taps + t] : 0;
}

long kanade_conv2d_scratch_count(int cin, int h, int w, int kh, int kw, int ph, int pw) {
    (void)h; (void)kw; (void)ph;
    return (long)cin * (band_rows(cin, w, kh, pw) + kh - 1) * padded_row(w, pw);
}

int kanade_conv2d_direct(int level, const float *input, int cin, int h, int w, const float *packed,
                         const float *bias, int cout, int kh, int kw, int ph, int pw, float *output,
                         int row0, int row1, float *scratch) {
    level = kanade_clamp_level(level);
    if (level == 0) return 0;
#if defined(__x86_64__)
    int wo = w + 2 * pw - kw + 1, ho = h + 2 * ph - kh + 1;
    if (wo < 1 || ho < 1) return 0;
    long rowStride = padded_row(w, pw);
    int band = band_rows(cin, w, kh, pw);
    long chanStride = (band + kh - 1) * rowStride;
    long planeOut = (long)ho * wo;
    for (int y0 = row0; y0 < row1; y0 += band) {
        int y1 = y0 + band < row1 ? y0 + band : row1;
        int rows = y1 - y0 + kh - 1;
        for (int ci = 0; ci < cin; ci++) {
            const float *plane = input + (long)ci * h * w;
            for (int r = 0; r < rows; r++) {
                float *dst = scratch + ci * chanStride + r * rowStride;
                int iy = y0 + r - ph;
                if (iy < 0 || iy >= h) {
                    memset(dst, 0, rowStride * sizeof(float));
                    continue;
                }
                memset(dst, 0, pw * sizeof(float));
                memcpy(dst + pw, plane + (long)iy * w, w * sizeof(float));
                memset(dst + pw + w, 0, (rowStride - pw - w) * sizeof(float));
            }
        }
        if (level == 2)
            conv_rows_512(scratch, chanStride, rowStride, packed, bias, cin, cout, kh, kw, output, planeOut, wo, y0, y1);
        else
            conv_rows_256(scratch, chanStride, rowStride, packed, bias, cin, cout, kh, kw, output, planeOut, wo, y0, y1);
    }
    return 1;
#else
    (void)input; (void)cin; (void)h; (void)w; (void)packed; (void)bias; (void)cout; (void)kh; (void)kw;
    (void)ph; (void)pw; (void)output; (void)row0; (void)row1; (void)scratch;
    return 0;
#endif
}

// Depthwise 2-D convolution of one plane (one filter per channel, any padding and dilation, stride 1), the
// body of each of Coconet's blocks. The plane is copied once into a zero-bordered scratch so the inner loop
// has no bounds checks; each output row is its bias plus kh·kw scaled rows of the padded plane, a loop the
// compiler vectorizes at each ISA level below (the Swift loop it replaces stayed scalar: its pointers may alias).
#include <string.h>
#include "ckernels.h"

// A 3×3 kernel keeps its nine taps in registers and sums them per output vector: 9 loads and a store per
// vector, where adding tap by tap into the output row costs 27 memory operations.
#define DEPTHWISE_BODY                                                                                       \
    if (kh == 3 && kw == 3) {                                                                                \
        const float t0 = taps[0], t1 = taps[1], t2 = taps[2], t3 = taps[3], t4 = taps[4], t5 = taps[5];     \
        const float t6 = taps[6], t7 = taps[7], t8 = taps[8];                                                \
        for (int r = 0; r < ho; r++) {                                                                       \
            float *restrict o = out + (long)r * wo;                                                          \
            const float *restrict a = padded + (long)r * stride;                                             \
            const float *restrict b = a + (long)dh * stride;                                                 \
            const float *restrict c = b + (long)dh * stride;                                                 \
            for (int x = 0; x < wo; x++)                                                                     \
                o[x] = bias + t0 * a[x] + t1 * a[x + dw] + t2 * a[x + 2 * dw]                               \
                            + t3 * b[x] + t4 * b[x + dw] + t5 * b[x + 2 * dw]                               \
                            + t6 * c[x] + t7 * c[x + dw] + t8 * c[x + 2 * dw];                              \
        }                                                                                                    \
        return;                                                                                              \
    }                                                                                                        \
    for (int r = 0; r < ho; r++) {                                                                           \
        float *restrict o = out + (long)r * wo;                                                              \
        for (int x = 0; x < wo; x++) o[x] = bias;                                                            \
        for (int i = 0; i < kh; i++) {                                                                       \
            const float *restrict row = padded + (long)(r + i * dh) * stride;                                \
            for (int j = 0; j < kw; j++) {                                                                   \
                const float t = taps[i * kw + j];                                                            \
                const float *restrict s = row + j * dw;                                                      \
                for (int x = 0; x < wo; x++) o[x] += t * s[x];                                               \
            }                                                                                                \
        }                                                                                                    \
    }

#define DEPTHWISE_ARGS                                                                                       \
    const float *restrict padded, long stride, const float *restrict taps, int kh, int kw, int dh, int dw,  \
    float bias, float *restrict out, int ho, int wo

static void depthwise_plain(DEPTHWISE_ARGS) { DEPTHWISE_BODY }
#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static void depthwise_avx2(DEPTHWISE_ARGS) { DEPTHWISE_BODY }
__attribute__((target("avx512f,fma"))) static void depthwise_avx512(DEPTHWISE_ARGS) { DEPTHWISE_BODY }
#endif

long kanade_depthwise_scratch_count(int h, int w, int ph, int pw) { return (long)(h + 2 * ph) * (w + 2 * pw); }

void kanade_depthwise_plane(int level, const float *input, int h, int w, const float *taps, int kh, int kw,
                            int dh, int dw, int ph, int pw, float bias, float *output, int ho, int wo,
                            float *scratch) {
    long stride = w + 2 * pw;
    memset(scratch, 0, (size_t)kanade_depthwise_scratch_count(h, w, ph, pw) * sizeof(float));
    for (int y = 0; y < h; y++) memcpy(scratch + (long)(y + ph) * stride + pw, input + (long)y * w, (size_t)w * sizeof(float));
    switch (kanade_clamp_level(level)) {
#if defined(__x86_64__)
    case 2: depthwise_avx512(scratch, stride, taps, kh, kw, dh, dw, bias, output, ho, wo); return;
    case 1: depthwise_avx2(scratch, stride, taps, kh, kw, dh, dw, bias, output, ho, wo); return;
#endif
    default: depthwise_plain(scratch, stride, taps, kh, kw, dh, dw, bias, output, ho, wo); return;
    }
}

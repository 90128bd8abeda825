// Vectorized exp, sigmoid and tanh, written once with Clang vector extensions and instantiated per ISA by
// including this file with LANES, SUFFIX and TARGET defined. Cephes' expf and tanhf (range reduction plus
// polynomial, about 1-2 ulp): far tighter than the 1e-4 the golden tests allow.
#define CAT_(a, b) a##_##b
#define CAT(a, b) CAT_(a, b)
#define V CAT(vf, SUFFIX)
#define VI CAT(vi, SUFFIX)

typedef float V __attribute__((vector_size(LANES * 4), aligned(4)));
typedef int VI __attribute__((vector_size(LANES * 4), aligned(4)));

TARGET static inline V CAT(splat, SUFFIX)(float x) { return x - (V){0}; }

/// a where m, else b (m lanes are all ones or all zeros).
TARGET static inline V CAT(select, SUFFIX)(VI m, V a, V b) { return (V)((m & (VI)a) | (~m & (VI)b)); }

TARGET static inline V CAT(vexp, SUFFIX)(V x) {
    x = __builtin_elementwise_min(__builtin_elementwise_max(x, CAT(splat, SUFFIX)(-88.3762626647949f)),
                                  CAT(splat, SUFFIX)(88.3762626647949f));
    V fx = __builtin_elementwise_floor(x * 1.44269504088896341f + 0.5f);
    x = x - fx * 0.693359375f;
    x = x - fx * -2.12194440e-4f;
    V z = x * x;
    V y = ((((1.9875691500E-4f * x + 1.3981999507E-3f) * x + 8.3334519073E-3f) * x + 4.1665795894E-2f) * x
           + 1.6666665459E-1f) * x + 5.0000001201E-1f;
    y = y * z + x + 1.0f;
    VI e = (__builtin_convertvector(fx, VI) + 127) << 23;
    return y * (V)e;
}

TARGET static inline V CAT(vsigmoid, SUFFIX)(V x) { return 1.0f / (1.0f + CAT(vexp, SUFFIX)(-x)); }

TARGET static inline V CAT(vtanh, SUFFIX)(V x) {
    V a = __builtin_elementwise_abs(x);
    V s = x * x;
    V small = ((((-5.70498872745E-3f * s + 2.06390887954E-2f) * s - 5.37397155531E-2f) * s + 1.33314422036E-1f) * s
               - 3.33332819422E-1f) * s * x + x;
    V large = 1.0f - 2.0f / (CAT(vexp, SUFFIX)(a + a) + 1.0f);
    large = (V)(((VI)large) | ((VI)x & (-2147483647 - 1)));   // tanh is odd: take x's sign
    return CAT(select, SUFFIX)(a < 0.625f, small, large);
}

/// The LSTM update for LANES hidden units; gate pointers and c, h need not be aligned.
TARGET static inline void CAT(lstm_units, SUFFIX)(const float *gi, const float *gf, const float *gg, const float *go,
                                                 float *c, float *h) {
    V i, f, g, o, cell;
    __builtin_memcpy(&i, gi, sizeof i); __builtin_memcpy(&f, gf, sizeof f);
    __builtin_memcpy(&g, gg, sizeof g); __builtin_memcpy(&o, go, sizeof o);
    __builtin_memcpy(&cell, c, sizeof cell);
    V next = CAT(vsigmoid, SUFFIX)(f) * cell + CAT(vsigmoid, SUFFIX)(i) * CAT(vtanh, SUFFIX)(g);
    V out = CAT(vsigmoid, SUFFIX)(o) * CAT(vtanh, SUFFIX)(next);
    __builtin_memcpy(c, &next, sizeof next);
    __builtin_memcpy(h, &out, sizeof out);
}

TARGET static void CAT(lstm_gates, SUFFIX)(const float *g, float *c, float *h, int n) {
    int j = 0;
    for (; j + LANES <= n; j += LANES) CAT(lstm_units, SUFFIX)(g + j, g + n + j, g + 2 * n + j, g + 3 * n + j, c + j, h + j);
    if (j == n) return;
    // The last n mod LANES units through zero-padded copies.
    float t[6][LANES] = {{0}};
    int r = n - j;
    for (int k = 0; k < 4; k++) __builtin_memcpy(t[k], g + k * n + j, r * sizeof(float));
    __builtin_memcpy(t[4], c + j, r * sizeof(float));
    CAT(lstm_units, SUFFIX)(t[0], t[1], t[2], t[3], t[4], t[5]);
    __builtin_memcpy(c + j, t[4], r * sizeof(float));
    __builtin_memcpy(h + j, t[5], r * sizeof(float));
}

#undef V
#undef VI

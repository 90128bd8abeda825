// Plain C + FFTW peer for the Signal STFT benchmark (docs/benchmarks.md): the same STFT as
// Kanade's `STFT(fftSize: 2048, hop: 512, center: false).magnitudes` — periodic Hann, r2c per
// frame with an FFTW_MEASURE plan, magnitudes into a freshly allocated frames x bins array.
// Usage: stft_fftw INPUT.f32 ITERATIONS [reuse|thp]
// Prints one line per iteration: wall-clock ms and process CPU ms.
// "reuse": the output array is allocated once and rewritten instead of malloc'd per call.
// "thp": malloc'd per call, but advised MADV_HUGEPAGE first, as Kanade's STFT does for big results.
// With "reuse" the output array is allocated once and rewritten, instead of malloc'd per call.
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>

static double now_ms(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s INPUT.f32 ITERATIONS\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    fseek(f, 0, SEEK_SET);
    long count = bytes / 4;
    float *x = malloc(bytes);
    if (fread(x, 4, count, f) != (size_t)count) { fprintf(stderr, "short read\n"); return 1; }
    fclose(f);

    const int n = 2048, hop = 512, bins = n / 2 + 1;
    long frames = count < n ? 0 : (count - n) / hop + 1;
    float *window = malloc(n * sizeof(float));
    for (int i = 0; i < n; i++) window[i] = (float)(0.5 - 0.5 * cos(2 * M_PI * i / n));
    float *in = fftwf_alloc_real(n);
    fftwf_complex *out = fftwf_alloc_complex(bins);
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(n, in, out, FFTW_MEASURE);

    int iterations = atoi(argv[2]);
    int reuse = argc > 3 && strcmp(argv[3], "reuse") == 0;
    int thp = argc > 3 && strcmp(argv[3], "thp") == 0;
    float *kept = reuse ? malloc(sizeof(float) * frames * bins) : NULL;
    double checksum = 0;
    for (int it = 0; it < iterations; it++) {
        double start = now_ms(CLOCK_MONOTONIC), start_cpu = now_ms(CLOCK_PROCESS_CPUTIME_ID);
        float *mag = reuse ? kept : malloc(sizeof(float) * frames * bins);
        if (thp) {
            uintptr_t start = ((uintptr_t)mag + 4095) & ~(uintptr_t)4095;
            uintptr_t end = ((uintptr_t)mag + sizeof(float) * frames * bins) & ~(uintptr_t)4095;
            madvise((void *)start, end - start, MADV_HUGEPAGE);
        }
        for (long fr = 0; fr < frames; fr++) {
            const float *src = x + fr * hop;
            for (int i = 0; i < n; i++) in[i] = src[i] * window[i];
            fftwf_execute(plan);
            float *row = mag + fr * bins;
            for (int k = 0; k < bins; k++) row[k] = sqrtf(out[k][0] * out[k][0] + out[k][1] * out[k][1]);
        }
        double elapsed = now_ms(CLOCK_MONOTONIC) - start, cpu = now_ms(CLOCK_PROCESS_CPUTIME_ID) - start_cpu;
        checksum += mag[frames / 2 * bins + 40];
        if (!reuse) free(mag);
        printf("%.3f %.3f\n", elapsed, cpu);
    }
    fprintf(stderr, "C+FFTW: %ld frames, checksum %g\n", frames, checksum);
    return 0;
}

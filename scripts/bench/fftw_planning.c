// FFTW planning cost against execution speed for real forward transforms of sizes 1024, 2048, 4096:
// FFTW_ESTIMATE and FFTW_MEASURE, plan time and 18,000 transforms (a 3-minute song at a 10 ms hop).
// docs/benchmarks.md, "Signal: FFT planning".
//   gcc -O2 scripts/bench/fftw_planning.c -lfftw3f -o /tmp/fftw_planning && /tmp/fftw_planning
#include <fftw3.h>
#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){int sizes[]={1024,2048,4096};
for(int f=0;f<2;f++){unsigned fl=f?FFTW_MEASURE:FFTW_ESTIMATE;
for(int s=0;s<3;s++){int n=sizes[s];float*in=fftwf_alloc_real(n);fftwf_complex*out=fftwf_alloc_complex(n/2+1);
double t0=now();fftwf_plan p=fftwf_plan_dft_r2c_1d(n,in,out,fl);double t1=now();
for(int i=0;i<n;i++)in[i]=i%7;
for(int r=0;r<18000;r++)fftwf_execute_dft_r2c(p,in,out);double t2=now();
printf("%s n=%d plan %.3f s, 18000 execs %.3f s\n",f?"MEASURE":"ESTIMATE",n,t1-t0,t2-t1);}}}

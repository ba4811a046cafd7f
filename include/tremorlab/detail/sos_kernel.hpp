#pragma once
// Speed limits (measured on a 2-core AMD EPYC Zen3 VM, shared; 3 x 360,000 float64, 4-section 4-12 Hz
// band-pass): each section is a loop-carried chain -- here mul + sub + add (~12 cycles, FMA off for
// scipy's rounding), with FMA and b0 factored out add + fma (~7 cycles, sos_batch.hpp) -- so one
// channel costs >= 7 cycles per sample whatever the SIMD width, and 1-3 channels leave lanes idle. The
// streaming path (this file) runs ~8 ns per frame for 1-3 channels. Whole arrays (sosfilt/sosfiltfilt)
// use the time-block kernel of sos_batch.hpp: 8 segments per channel in two AVX2 vectors, 1 add + 3 FMA
// per section-sample (arithmetic floor ~1.5 cycles per sample, see below); the rest is memory (8 far-apart streams in,
// 8 out; a plain copy of the 8.6 MB costs 0.45-1.0 ms on the shared VM) and the output's first-touch page
// faults (~0.5 ms in Python). sosfiltfilt makes no extended copy (pads in small buffers, forward x -> y,
// backward in place on y). Reached (benchmarks/ratios_filter.py --repeats 25, CPU time, machine shared
// with other jobs): sosfilt ~3.4x scipy, sosfiltfilt ~4.3x. Not 5x for sosfilt: the time-block kernel
// alone, on data already in L2, runs ~1.3 ns per sample (~3 cycles at 2.45 GHz), against a floor of
// ~1.5 cycles set by the 3 FMA + 1 add per section-sample on Zen3's two FMA pipes; scipy takes ~8-9 ms,
// so 5x (< 1.75 ms) leaves ~0.3 ms for reading 8.6 MB, writing 8.6 MB and faulting the fresh output in,
// which alone cost ~1 ms here. Non-temporal output stores were tried and were slower (1.6 -> 1.8 ms).
//
// The one SOS arithmetic kernel behind SosFilter::process/process_frame and the batch sosfilt.
// Every path evaluates exactly scipy's _sosfilt update (TDF-II):
//     y  = b0*x + z0
//     z0 = b1*x - a1*y + z1      (evaluated left to right, as in scipy)
//     z1 = b2*x - a2*y
// Channels are independent lanes of GCC/Clang vector types; each lane performs the same IEEE
// operations as the scalar code, so the result does not depend on how many channels are filtered
// together or how a stream is cut into blocks. Floating-point contraction (FMA) is disabled for
// this header so that scalar and vector instantiations round identically on every target.
#include <algorithm>
#include <cstddef>
#include <cstring>

#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
#endif

namespace tremorlab::detail {

/// Normalised section coefficients (a0 divided out).
template <class T>
struct SosCoef {
  T b0, b1, b2, a1, a2;
};

template <class T, int L>
struct Vec;
template <>
struct Vec<double, 1> {
  using type = double;
};
template <>
struct Vec<float, 1> {
  using type = float;
};
template <>
struct Vec<double, 2> {
  typedef double type __attribute__((vector_size(16)));
};
template <>
struct Vec<double, 4> {
  typedef double type __attribute__((vector_size(32)));
};
template <>
struct Vec<float, 2> {
  typedef float type __attribute__((vector_size(8)));
};
template <>
struct Vec<float, 4> {
  typedef float type __attribute__((vector_size(16)));
};

/// One section step; V is T or a vector of T. The single definition of the arithmetic.
/// x is replaced by the section output y. (In/out by reference: no vector-ABI concerns.)
template <class V, class T>
[[gnu::always_inline]] inline void biquad_step(V& x, V& z0, V& z1, const SosCoef<T>& c) noexcept {
  const V y = c.b0 * x + z0;
  z0 = c.b1 * x - c.a1 * y + z1;
  z1 = c.b2 * x - c.a2 * y;
  x = y;
}

template <class T, int L>
[[gnu::always_inline]] inline T lane(const typename Vec<T, L>::type& v, int l) noexcept {
  if constexpr (L == 1) {
    (void)l;
    return v;
  } else {
    return v[l];
  }
}
template <class T, int L>
[[gnu::always_inline]] inline void set_lane(typename Vec<T, L>::type& v, int l, T x) noexcept {
  if constexpr (L == 1) {
    (void)l;
    v = x;
  } else {
    v[l] = x;
  }
}

/// Strided view of one group of up to L channels: element (n, l) is at p[n * frame_stride + l * lane_stride].
template <class T>
struct LaneIo {
  const T* in;
  T* out;
  std::ptrdiff_t frame_stride;  // distance between consecutive samples of one channel
  std::ptrdiff_t lane_stride;   // distance between channels
};

inline constexpr std::size_t kChunk = 64;

/// Filters `frames` samples of `nl` (<= L) channels through G sections. State layout [section][channel][2]
/// with `channels` channels in total; this group starts at channel c0. buf holds frames x L values.
template <class T, int L, int G>
[[gnu::always_inline]] inline void run_pass(const SosCoef<T>* coef, T* state, std::size_t channels, std::size_t c0,
                                             int nl, T* buf, std::size_t frames) noexcept {
  using V = typename Vec<T, L>::type;
  V z0[G], z1[G];
  for (int s = 0; s < G; ++s) {
    T t0[L] = {}, t1[L] = {};
    for (int l = 0; l < nl; ++l) {
      const T* zs = state + (std::size_t(s) * channels + c0 + std::size_t(l)) * 2;
      t0[l] = zs[0];
      t1[l] = zs[1];
    }
    std::memcpy(&z0[s], t0, sizeof(V));
    std::memcpy(&z1[s], t1, sizeof(V));
  }
  SosCoef<T> c[G];
  for (int s = 0; s < G; ++s) c[s] = coef[s];
  for (std::size_t n = 0; n < frames; ++n) {
    V x;
    std::memcpy(&x, buf + n * L, sizeof(V));
    for (int s = 0; s < G; ++s) biquad_step(x, z0[s], z1[s], c[s]);
    std::memcpy(buf + n * L, &x, sizeof(V));
  }
  for (int s = 0; s < G; ++s) {
    T t0[L], t1[L];
    std::memcpy(t0, &z0[s], sizeof(V));
    std::memcpy(t1, &z1[s], sizeof(V));
    for (int l = 0; l < nl; ++l) {
      T* zs = state + (std::size_t(s) * channels + c0 + std::size_t(l)) * 2;
      zs[0] = t0[l];
      zs[1] = t1[l];
    }
  }
}

/// Returns false when any output is NaN or Inf (checked while the chunk is hot in cache).
template <class T, int L>
[[gnu::always_inline]] inline bool run_group(const SosCoef<T>* coef, std::size_t sections, T* state, std::size_t channels, std::size_t c0,
                      int nl, const LaneIo<T>& io, std::size_t frames) noexcept {
  // Gather a chunk into a lane-major buffer first: the wide loads in run_pass then never wait on
  // the narrow stores that filled them (no store-forwarding stalls in the recurrence).
  alignas(64) T buf[kChunk * L];
  T acc = 0;  // stays 0 unless an output is NaN/Inf (x * 0 is NaN exactly for those)
  for (std::size_t f0 = 0; f0 < frames; f0 += kChunk) {
    const std::size_t nf = std::min(kChunk, frames - f0);
    for (int l = 0; l < L; ++l) {
      T* b = buf + l;
      if (l < nl) {
        const T* p = io.in + std::ptrdiff_t(f0) * io.frame_stride + std::ptrdiff_t(l) * io.lane_stride;
        for (std::size_t n = 0; n < nf; ++n) b[n * L] = p[std::ptrdiff_t(n) * io.frame_stride];
      } else {
        for (std::size_t n = 0; n < nf; ++n) b[n * L] = T(0);
      }
    }
    // Sections in passes of up to 4 so the state of a pass stays in registers.
    std::size_t s = 0;
    for (; s + 4 <= sections; s += 4) run_pass<T, L, 4>(coef + s, state + s * channels * 2, channels, c0, nl, buf, nf);
    switch (sections - s) {
      case 3: run_pass<T, L, 3>(coef + s, state + s * channels * 2, channels, c0, nl, buf, nf); break;
      case 2: run_pass<T, L, 2>(coef + s, state + s * channels * 2, channels, c0, nl, buf, nf); break;
      case 1: run_pass<T, L, 1>(coef + s, state + s * channels * 2, channels, c0, nl, buf, nf); break;
      default: break;
    }
    for (int l = 0; l < nl; ++l) {
      const T* b = buf + l;
      T* p = io.out + std::ptrdiff_t(f0) * io.frame_stride + std::ptrdiff_t(l) * io.lane_stride;
      for (std::size_t n = 0; n < nf; ++n) {
        p[std::ptrdiff_t(n) * io.frame_stride] = b[n * L];
        acc += b[n * L] * T(0);
      }
    }
  }
  return acc == acc;
}

// Four double lanes need 256-bit registers: with only SSE2 (the portable x86-64 baseline) a 4-lane
// pass spills its state to the stack and runs several times slower than two 2-lane passes. So the
// 4-lane double pass is compiled a second time for AVX (no FMA: identical rounding) and chosen at run
// time. Every lane performs the same IEEE operations in either case.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(__AVX__)
#define TREMORLAB_SOS_AVX_DISPATCH 1
[[gnu::target("avx")]] inline bool run_group4_avx(const SosCoef<double>* coef, std::size_t sections, double* state,
                                                  std::size_t channels, std::size_t c0, int nl,
                                                  const LaneIo<double>& io, std::size_t frames) noexcept {
  return run_group<double, 4>(coef, sections, state, channels, c0, nl, io, frames);
}
inline bool cpu_has_avx() noexcept {
  static const bool has = __builtin_cpu_supports("avx");
  return has;
}
#endif

/// Filters a multi-channel block. Element (n, c) of input/output is at
/// base[n * frame_stride + c * channel_stride]. in == out is allowed. Returns false when an output
/// sample is NaN or Inf (callers that must reject non-finite input check the input only then).
template <class T>
inline bool sos_block(const SosCoef<T>* coef, std::size_t sections, T* state, std::size_t channels, const T* in,
                      T* out, std::size_t frames, std::ptrdiff_t frame_stride, std::ptrdiff_t channel_stride) noexcept {
  if (frames == 0 || channels == 0 || sections == 0) {
    if (in != out && frames != 0)
      for (std::size_t n = 0; n < frames; ++n)
        for (std::size_t c = 0; c < channels; ++c)
          out[std::ptrdiff_t(n) * frame_stride + std::ptrdiff_t(c) * channel_stride] =
              in[std::ptrdiff_t(n) * frame_stride + std::ptrdiff_t(c) * channel_stride];
    return true;
  }
  bool finite = true;
  bool wide = true;  // 4 lanes of T fit one register
  if constexpr (sizeof(T) == 8) {
#if defined(TREMORLAB_SOS_AVX_DISPATCH)
    wide = cpu_has_avx();
#elif !defined(__AVX__)
    wide = false;
#endif
  }
  std::size_t c0 = 0;
  while (c0 < channels) {
    const std::size_t left = channels - c0;
    LaneIo<T> io{in + std::ptrdiff_t(c0) * channel_stride, out + std::ptrdiff_t(c0) * channel_stride, frame_stride,
                 channel_stride};
    if (left >= 3 && wide) {
      const int nl = left >= 4 ? 4 : 3;
#if defined(TREMORLAB_SOS_AVX_DISPATCH)
      if constexpr (sizeof(T) == 8)
        finite &= run_group4_avx(coef, sections, state, channels, c0, nl, io, frames);
      else
#endif
        finite &= run_group<T, 4>(coef, sections, state, channels, c0, nl, io, frames);
      c0 += std::size_t(nl);
    } else if (left >= 2) {
      finite &= run_group<T, 2>(coef, sections, state, channels, c0, 2, io, frames);
      c0 += 2;
    } else {
      finite &= run_group<T, 1>(coef, sections, state, channels, c0, 1, io, frames);
      c0 += 1;
    }
  }
  return finite;
}

/// One frame of `channels` values (contiguous), scalar path with the same arithmetic.
template <class T>
inline void sos_frame(const SosCoef<T>* coef, std::size_t sections, T* state, std::size_t channels, const T* in,
                      T* out) noexcept {
  for (std::size_t c = 0; c < channels; ++c) {
    T x = in[c];
    for (std::size_t s = 0; s < sections; ++s) {
      T* z = state + (s * channels + c) * 2;
      T z0 = z[0], z1 = z[1];
      biquad_step(x, z0, z1, coef[s]);
      z[0] = z0;
      z[1] = z1;
    }
    out[c] = x;
  }
}

/// True when no element is NaN or Inf (x * 0 is NaN exactly for those); vectorised, order-free.
template <class T>
inline bool all_finite(const T* p, std::size_t n, std::ptrdiff_t stride = 1) noexcept {
  if (stride != 1) {
    T acc = 0;
    for (std::size_t i = 0; i < n; ++i) acc += p[std::ptrdiff_t(i) * stride] * T(0);
    return acc == acc;
  }
  using V = typename Vec<T, 4>::type;
  V a0{}, a1{};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    V v0, v1;
    std::memcpy(&v0, p + i, sizeof v0);
    std::memcpy(&v1, p + i + 4, sizeof v1);
    a0 += v0 * T(0);
    a1 += v1 * T(0);
  }
  T acc = 0;
  for (; i < n; ++i) acc += p[i] * T(0);
  a0 += a1;
  for (int l = 0; l < 4; ++l) acc += a0[l];
  return acc == acc;
}

}  // namespace tremorlab::detail

#if defined(__clang__)
#pragma clang fp contract(on)
#elif defined(__GNUC__)
#pragma GCC pop_options
#endif

#pragma once
// Whole-array SOS filtering (sosfilt / sosfiltfilt) with time-block parallelism.
//
// Why: a section's TDF-II recurrence is a loop-carried dependency chain (y = x + z0 -> z0' = fma(-a1, y, t)
// is ~7 cycles on current x86), so filtering one to three channels sample by sample leaves most of a SIMD
// unit idle. Here each channel is cut into K equal segments (K = the lanes of two SIMD vectors) that are
// filtered at the same time in separate lanes, every segment but the first starting from a zero state.
// A stable filter forgets its initial state: after `settle` frames the response to any unit state is below
// 1e-20 (found numerically when the plan is made). So segment k is then re-filtered over its first `settle`
// frames starting from the final state of segment k-1 (itself exact to that level, because the segments are
// longer than 2 * settle), which overwrites the only outputs that were wrong. The segments' re-filtering
// runs in lanes as well. The numerators are also factored: b = b0 * [1, b1/b0, b2/b0] with all the b0
// multiplied into the input, so a Butterworth section costs 1 add + 3 FMA per sample.
//
// The rounding therefore differs from scipy's serial evaluation (results agree to ~1e-15 relative to the
// signal RMS; tests assert 1e-12) and depends on n. The streaming SosFilter keeps the serial kernel of
// sos_kernel.hpp, which is bit-for-bit independent of chunking. Plans that cannot use this path (a b0 of
// zero, poles so close to the unit circle that the state needs > 2^16 frames to decay, or inputs shorter
// than 2 * K * settle) fall back to that serial kernel.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "tremorlab/detail/parallel.hpp"
#include "tremorlab/detail/sos_kernel.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define TREMORLAB_SOS_BATCH_AVX2 1
#endif

namespace tremorlab::detail {

template <class T>
struct BatchCoef {
  T b1, b2, na1, na2;  // numerator divided by b0; negated denominator
};

template <class T>
struct BatchPlan {
  std::vector<BatchCoef<T>> coef;
  std::vector<double> to_fact;  // factored-cascade state of section s = original state * to_fact[s]
  T gain = 1;                   // product of all b0, applied to the input
  bool unit_b2 = true;          // every b2/b0 == 1 (Butterworth low/high/band-stop/band-pass)
  bool feedback = true;         // every section has a1 != 0 or a2 != 0 (its output enters its state)
  std::size_t settle = 0;
  bool usable = false;
};

// Frames per chunk (K lanes x 64 frames in L1). Short chunks alternate the memory-bound transposes and the
// arithmetic-bound passes often enough for them to overlap when the arrays come from DRAM: with full-width
// streaming stores 64 frames was ~20 % faster there than 256 and 128 (BM_ColdWholeArray); in cache the
// sizes are equal within noise.
inline constexpr std::size_t kBatchChunk = 64;
inline constexpr std::size_t kPrefetch = 512;    // frames ahead (software prefetch of each segment's stream)
inline constexpr std::size_t kSettleMax = std::size_t(1) << 16;
inline constexpr std::size_t kMinSegment = 256;  // shortest segment (frames) worth a lane
/// Outputs at least this large are written with non-temporal stores where the ISA path has them: such an
/// output cannot stay in a core's share of the cache anyway, and bypassing the cache saves the read-for-
/// ownership of every output line (a third of the memory traffic of a DRAM-bound filter; ~10 % faster on
/// 3 x 360,000 doubles here). Smaller outputs keep ordinary stores so the caller finds them in cache.
inline constexpr std::size_t kStreamBytes = std::size_t(4) << 20;

/// Frames after which the free response of the cascade to any unit initial state stays below 1e-20
/// (0 when it does not within `limit` frames, at most kSettleMax).
inline std::size_t settle_frames(const std::vector<SosCoef<double>>& c, std::size_t limit = kSettleMax) {
  // The 2S free responses (one per unit state) run side by side: the same arithmetic as one at a time,
  // but 2S independent dependency chains instead of one (this is per call of sosfilt, ~8x faster so).
  const std::size_t S = c.size(), R = 2 * S;
  std::vector<double> z0(S * R, 0.0), z1(S * R, 0.0), x(R), mx(R);  // [section][response]
  std::vector<std::size_t> quiet(R, 0);
  std::vector<char> done(R, 0);
  for (std::size_t i = 0; i < R; ++i) (i % 2 == 0 ? z0 : z1)[(i / 2) * R + i] = 1.0;
  std::size_t active = R, worst = 0;
  limit = std::min(limit, kSettleMax);
  for (std::size_t n = 0; n < limit && active > 0; ++n) {
    std::fill(x.begin(), x.end(), 0.0);
    std::fill(mx.begin(), mx.end(), 0.0);
    for (std::size_t s = 0; s < S; ++s) {
      double* a = z0.data() + s * R;
      double* b = z1.data() + s * R;
      // Responses i >= 2(s+1) start in a later section: here their input and state are exact zeros.
      for (std::size_t i = 0; i < 2 * (s + 1); ++i) {
        const double y = c[s].b0 * x[i] + a[i];
        a[i] = c[s].b1 * x[i] - c[s].a1 * y + b[i];
        b[i] = c[s].b2 * x[i] - c[s].a2 * y;
        x[i] = y;
        const double m = std::abs(y) > std::abs(a[i]) ? std::abs(y) : std::abs(a[i]);
        const double m2 = m > std::abs(b[i]) ? m : std::abs(b[i]);
        mx[i] = mx[i] > m2 ? mx[i] : m2;
      }
    }
    for (std::size_t i = 0; i < R; ++i) {
      if (done[i]) continue;
      if (!std::isfinite(mx[i])) return 0;
      // Done when everything stays tiny for 64 frames in a row (an oscillating response crosses zero).
      quiet[i] = mx[i] < 1e-20 ? quiet[i] + 1 : 0;
      if (quiet[i] == 64) {
        done[i] = 1;
        worst = std::max(worst, n + 1);
        --active;
      }
    }
  }
  return active > 0 ? 0 : worst;
}

template <class T>
std::size_t batch_segments() noexcept;

/// `frames`: the longest input the plan will filter (0: unknown). The time-block path needs segments of at
/// least max(2 * settle, kMinSegment) frames (segment_fits), so for a known length the settle search stops
/// where that length could no longer use it, and inputs too short for any segment skip it: a short call does
/// not pay for the search (it cost ~100 us, more than filtering a few thousand samples), and every plan a
/// call can use is the same as without the limit.
template <class T>
BatchPlan<T> make_batch_plan(const std::vector<SosCoef<double>>& c, std::size_t frames = 0) {
  BatchPlan<T> p;
  const std::size_t S = c.size();
  for (const auto& s : c)
    if (s.b0 == 0.0) return p;
  std::size_t limit = kSettleMax;
  if (frames > 0) {
    const std::size_t per_segment = frames / batch_segments<T>();
    if (per_segment < kMinSegment) return p;
    limit = per_segment / 2;
  }
  p.settle = settle_frames(c, limit);
  if (p.settle == 0) return p;
  double g = 1.0;
  for (const auto& s : c) g *= s.b0;
  if (!std::isfinite(g) || g == 0.0) return p;
  p.gain = T(g);
  p.to_fact.assign(S, 1.0);
  double tail = 1.0;
  for (std::size_t s = S; s-- > 0;) {
    p.to_fact[s] = tail;
    tail *= c[s].b0;
  }
  for (const auto& s : c) {
    p.coef.push_back({T(s.b1 / s.b0), T(s.b2 / s.b0), T(-s.a1), T(-s.a2)});
    p.unit_b2 = p.unit_b2 && (s.b2 / s.b0 == 1.0);
    p.feedback = p.feedback && (s.a1 != 0.0 || s.a2 != 0.0);
  }
  p.usable = true;
  return p;
}

// ---- SIMD operation sets ------------------------------------------------------------------------------
// Generic: GCC/Clang vector types (SSE2 on x86-64), multiply and add rounded separately.
template <class T>
struct OpsGeneric {
  static constexpr int W = sizeof(T) == 8 ? 2 : 4;
  static constexpr bool kTranspose4 = false;
  using V = typename Vec<T, W>::type;
  static void transpose_in(const T* const*, std::ptrdiff_t, std::ptrdiff_t, T*, int) noexcept {}
  static void prefetch(const T*) noexcept {}
  static void transpose_out(const T*, int, T* const*, std::ptrdiff_t, std::ptrdiff_t, bool) noexcept {}
  static void fence() noexcept {}
  static V load(const T* p) noexcept {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static void store(T* p, V v) noexcept { std::memcpy(p, &v, sizeof v); }
  static V set1(T x) noexcept {
    V v;
    for (int l = 0; l < W; ++l) v[l] = x;
    return v;
  }
  static V zero() noexcept { return set1(T(0)); }
  static V add(V a, V b) noexcept { return a + b; }
  static V mul(V a, V b) noexcept { return a * b; }
  static V fma(V a, V b, V c) noexcept {
    const V m = a * b;  // separate statement: never contracted
    return m + c;
  }
};

/// True when a segment of `len` frames can be filtered in a lane: at least 2 * settle frames (so the next
/// segment's repair starts from an exact state) and kMinSegment.
template <class T>
inline bool segment_fits(const BatchPlan<T>& p, std::size_t len) noexcept {
  return p.usable && len >= std::max<std::size_t>(2 * p.settle, kMinSegment);
}

/// True when n frames are long enough for K segments (segment_fits).
template <class T>
inline bool batch_fits(const BatchPlan<T>& p, std::size_t n, std::size_t K) noexcept {
  return segment_fits(p, n / K);
}

namespace batch_generic {
#include "tremorlab/detail/sos_batch_body.hpp"
}  // namespace batch_generic

#if defined(TREMORLAB_SOS_BATCH_AVX2)
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
struct OpsAvx2D {
  static constexpr int W = 4;
  static constexpr bool kTranspose4 = true;
  using V = __m256d;
  static void prefetch(const double* p) noexcept { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0); }
  static void transpose(V& r0, V& r1, V& r2, V& r3) noexcept {
    const V t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    const V t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    r0 = _mm256_permute2f128_pd(t0, t2, 0x20);
    r1 = _mm256_permute2f128_pd(t1, t3, 0x20);
    r2 = _mm256_permute2f128_pd(t0, t2, 0x31);
    r3 = _mm256_permute2f128_pd(t1, t3, 0x31);
  }
  /// Frames j..j+3 of four lanes (stride d = +-1 from src[l]) -> four buffer rows (frame-major, K apart).
  static V load_dir(const double* p, std::ptrdiff_t j, std::ptrdiff_t d) noexcept {
    return d == 1 ? _mm256_loadu_pd(p + j) : _mm256_permute4x64_pd(_mm256_loadu_pd(p - j - 3), 0x1B);
  }
  static void store_dir(double* p, std::ptrdiff_t j, std::ptrdiff_t d, V v, bool stream) noexcept {
    if (d == 1) {
      // One 32-byte streaming store where aligned (sos_batch peels frames to make it so), else two 16-byte
      // ones.
      if (stream && (reinterpret_cast<std::uintptr_t>(p + j) & 31) == 0) {
        _mm256_stream_pd(p + j, v);
      } else if (stream && (reinterpret_cast<std::uintptr_t>(p + j) & 15) == 0) {
        _mm_stream_pd(p + j, _mm256_castpd256_pd128(v));
        _mm_stream_pd(p + j + 2, _mm256_extractf128_pd(v, 1));
      } else {
        _mm256_storeu_pd(p + j, v);
      }
    } else {
      _mm256_storeu_pd(p - j - 3, _mm256_permute4x64_pd(v, 0x1B));
    }
  }
  static void fence() noexcept { _mm_sfence(); }
  static void transpose_in(const double* const* src, std::ptrdiff_t j, std::ptrdiff_t d, double* dst, int K) noexcept {
    V r0 = load_dir(src[0], j, d), r1 = load_dir(src[1], j, d), r2 = load_dir(src[2], j, d),
      r3 = load_dir(src[3], j, d);
    transpose(r0, r1, r2, r3);
    _mm256_storeu_pd(dst, r0);
    _mm256_storeu_pd(dst + K, r1);
    _mm256_storeu_pd(dst + 2 * K, r2);
    _mm256_storeu_pd(dst + 3 * K, r3);
  }
  static void transpose_out(const double* src, int K, double* const* dst, std::ptrdiff_t j, std::ptrdiff_t d,
                            bool stream) noexcept {
    V r0 = _mm256_loadu_pd(src), r1 = _mm256_loadu_pd(src + K), r2 = _mm256_loadu_pd(src + 2 * K),
      r3 = _mm256_loadu_pd(src + 3 * K);
    transpose(r0, r1, r2, r3);
    store_dir(dst[0], j, d, r0, stream);
    store_dir(dst[1], j, d, r1, stream);
    store_dir(dst[2], j, d, r2, stream);
    store_dir(dst[3], j, d, r3, stream);
  }
  static V load(const double* p) noexcept { return _mm256_loadu_pd(p); }
  static void store(double* p, V v) noexcept { _mm256_storeu_pd(p, v); }
  static V set1(double x) noexcept { return _mm256_set1_pd(x); }
  static V add(V a, V b) noexcept { return _mm256_add_pd(a, b); }
  static V mul(V a, V b) noexcept { return _mm256_mul_pd(a, b); }
  static V fma(V a, V b, V c) noexcept { return _mm256_fmadd_pd(a, b, c); }
};
struct OpsAvx2F {
  static constexpr int W = 8;
  static constexpr bool kTranspose4 = false;
  using V = __m256;
  static void transpose_in(const float* const*, std::ptrdiff_t, std::ptrdiff_t, float*, int) noexcept {}
  static void prefetch(const float*) noexcept {}
  static void transpose_out(const float*, int, float* const*, std::ptrdiff_t, std::ptrdiff_t, bool) noexcept {}
  static void fence() noexcept {}
  static V load(const float* p) noexcept { return _mm256_loadu_ps(p); }
  static void store(float* p, V v) noexcept { _mm256_storeu_ps(p, v); }
  static V set1(float x) noexcept { return _mm256_set1_ps(x); }
  static V add(V a, V b) noexcept { return _mm256_add_ps(a, b); }
  static V mul(V a, V b) noexcept { return _mm256_mul_ps(a, b); }
  static V fma(V a, V b, V c) noexcept { return _mm256_fmadd_ps(a, b, c); }
};
template <class T>
using OpsAvx2 = std::conditional_t<sizeof(T) == 8, OpsAvx2D, OpsAvx2F>;
namespace batch_avx2 {
#include "tremorlab/detail/sos_batch_body.hpp"
}  // namespace batch_avx2

template <class T, int NV>
bool batch_run_avx2(const BatchPlan<T>& p, T* state, std::size_t channels, const T* in, T* out, std::size_t n,
                    std::ptrdiff_t fs, std::ptrdiff_t cs) {
  if (p.unit_b2) return batch_avx2::batch_run<OpsAvx2<T>, NV, true>(p, state, channels, in, out, n, fs, cs);
  return batch_avx2::batch_run<OpsAvx2<T>, NV, false>(p, state, channels, in, out, n, fs, cs);
}
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

inline bool cpu_has_avx2_fma() noexcept {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}
#endif

inline constexpr int kBatchVectors = 2;  // independent SIMD vectors per step (latency hiding)

/// Lanes (segments per channel) the batch path uses on this CPU for T.
template <class T>
inline std::size_t batch_segments() noexcept {
#if defined(TREMORLAB_SOS_BATCH_AVX2)
  if (cpu_has_avx2_fma()) return std::size_t(OpsAvx2<T>::W * kBatchVectors);
#endif
  return std::size_t(OpsGeneric<T>::W * kBatchVectors);
}

/// Frames to filter serially before the time-block path so that the rows of a large output (one written
/// with streaming stores) start on a cache-line boundary: with segments a whole number of lines long
/// (batch_run), every lane's block of 4 frames is then one full-width store and every line is written
/// whole within a chunk (~12 % of a call whose data come from DRAM; numpy's and malloc's large buffers
/// start 16 bytes into a page). 0 when that does not apply.
template <class T>
std::size_t stream_peel(const T* out, std::size_t channels, std::size_t n, std::ptrdiff_t fs,
                        std::ptrdiff_t cs) noexcept {
  if (fs != 1 || channels * n * sizeof(T) < kStreamBytes) return 0;
  if (channels > 1 && (std::size_t(cs < 0 ? -cs : cs) * sizeof(T)) % 64 != 0) return 0;  // rows differ
  const auto addr = reinterpret_cast<std::uintptr_t>(out);
  if (addr % sizeof(T) != 0) return 0;
  return ((64 - addr % 64) % 64) / sizeof(T);
}

/// Whole-array filtering: the time-block path when the plan and length allow it, else the serial kernel
/// (sos_block, scipy's rounding). Same contract as sos_block. `serial` are the normalised coefficients.
template <class T>
bool sos_batch(const BatchPlan<T>& p, const std::vector<SosCoef<T>>& serial, T* state, std::size_t channels,
               const T* in, T* out, std::size_t n, std::ptrdiff_t fs, std::ptrdiff_t cs) {
  if (channels == 0 || n == 0) return true;
  if (batch_fits(p, n, batch_segments<T>())) {
#if defined(TREMORLAB_SOS_BATCH_AVX2)
    if (cpu_has_avx2_fma()) {
      const std::size_t q = stream_peel(out, channels, n, fs, cs);
      bool finite = true;
      if (q > 0 && batch_fits(p, n - q, batch_segments<T>())) {
        finite = sos_block<T>(serial.data(), serial.size(), state, channels, in, out, q, fs, cs);
        in += q;  // fs == 1
        out += q;
        n -= q;
      }
      return batch_run_avx2<T, kBatchVectors>(p, state, channels, in, out, n, fs, cs) && finite;
    }
#endif
    if (p.unit_b2) return batch_generic::batch_run<OpsGeneric<T>, kBatchVectors, true>(p, state, channels, in, out, n, fs, cs);
    return batch_generic::batch_run<OpsGeneric<T>, kBatchVectors, false>(p, state, channels, in, out, n, fs, cs);
  }
  return sos_block<T>(serial.data(), serial.size(), state, channels, in, out, n, fs, cs);
}

/// Parts a call of sos_batch_parallel uses for n frames: each part must itself take the time-block path
/// and outlast the settle span; 1 means no extra thread.
template <class T>
inline std::size_t batch_parts(const BatchPlan<T>& p, std::size_t n, std::size_t workers) noexcept {
  if (workers <= 1 || !p.usable) return 1;
  std::size_t parts = workers;
  while (parts > 1 && !batch_fits(p, n / parts, batch_segments<T>())) --parts;
  return parts;
}

/// sos_batch on up to `workers` threads (the caller's among them). Why this is exact to the same level as
/// the lanes of one call: the frames are cut into parts filtered at the same time, part 0 from `state` and
/// the others from rest; part t then re-filters its first `settle` frames from part t-1's final state,
/// which is exact because part t-1 is longer than 2 * settle (batch_parts). The final state is the last
/// part's. Results depend on the number of parts in the last bits (like the lanes), not on timing.
/// Same contract as sos_batch; threads as run_parts (detail/parallel.hpp) runs them.
template <class T>
bool sos_batch_parallel(const BatchPlan<T>& p, const std::vector<SosCoef<T>>& serial, T* state, std::size_t channels,
                        const T* in, T* out, std::size_t n, std::ptrdiff_t fs, std::ptrdiff_t cs, std::size_t workers) {
  const std::size_t parts = channels == 0 ? 1 : batch_parts(p, n, workers);
  if (parts <= 1) return sos_batch<T>(p, serial, state, channels, in, out, n, fs, cs);
  const std::size_t S = serial.size(), M = p.settle, len = n / parts, SZ = S * channels * 2;
  // The re-filtering needs each part's first M inputs, which an in-place call overwrites.
  std::vector<T> head((parts - 1) * channels * M);
  for (std::size_t t = 1; t < parts; ++t)
    for (std::size_t c = 0; c < channels; ++c)
      for (std::size_t j = 0; j < M; ++j)
        head[((t - 1) * channels + c) * M + j] = in[std::ptrdiff_t(c) * cs + std::ptrdiff_t(t * len + j) * fs];
  std::vector<T> st(parts * SZ, T(0));
  std::copy(state, state + SZ, st.begin());
  std::vector<char> finite(parts, 1);
  run_parts(parts, [&](std::size_t t) {
    const std::size_t f0 = t * len, nf = t + 1 == parts ? n - f0 : len;
    finite[t] = sos_batch<T>(p, serial, st.data() + t * SZ, channels, in + std::ptrdiff_t(f0) * fs,
                             out + std::ptrdiff_t(f0) * fs, nf, fs, cs);
  });
  bool ok = true;
  for (char f : finite) ok = ok && f;
  std::vector<T> z(SZ);
  for (std::size_t t = 1; t < parts; ++t) {
    // Put the saved inputs back where part t starts and filter them in place from part t-1's final state.
    T* o = out + std::ptrdiff_t(t * len) * fs;
    for (std::size_t c = 0; c < channels; ++c)
      for (std::size_t j = 0; j < M; ++j)
        o[std::ptrdiff_t(c) * cs + std::ptrdiff_t(j) * fs] = head[((t - 1) * channels + c) * M + j];
    std::copy(st.begin() + std::ptrdiff_t((t - 1) * SZ), st.begin() + std::ptrdiff_t(t * SZ), z.begin());
    ok &= sos_block<T>(serial.data(), S, z.data(), channels, o, o, M, fs, cs);
  }
  std::copy(st.end() - std::ptrdiff_t(SZ), st.end(), state);
  return ok;
}

}  // namespace tremorlab::detail

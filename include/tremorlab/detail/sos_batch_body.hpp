// Body of the time-block batch kernels (see sos_batch.hpp). Deliberately without include guard: it is
// included twice, into namespace batch_generic and into batch_avx2 inside a target("avx2,fma") region,
// so that the same code is compiled for both instruction sets (intrinsics cannot be inlined into
// functions compiled without their target). Not for direct inclusion.
// NOLINTBEGIN(llvm-header-guard)

/// Filters `frames` frames of the lanes of buf (lane-major: buf[frame * K + lane]) through G sections.
/// z0/z1: [section][lane] state (factored form). First pass multiplies the input by gain.
template <class Ops, int NV, int G, bool UnitB2, class T>
[[gnu::always_inline]] inline void batch_pass(const BatchCoef<T>* c, T* z0s, T* z1s, T* buf, std::size_t frames,
                                              bool first, T gain) noexcept {
  using V = typename Ops::V;
  constexpr int W = Ops::W, K = W * NV;
  V z0[G][NV], z1[G][NV];
  for (int s = 0; s < G; ++s)
    for (int v = 0; v < NV; ++v) {
      z0[s][v] = Ops::load(z0s + s * K + v * W);
      z1[s][v] = Ops::load(z1s + s * K + v * W);
    }
  V b1[G], b2[G], na1[G], na2[G];
  for (int s = 0; s < G; ++s) {
    b1[s] = Ops::set1(c[s].b1);
    b2[s] = Ops::set1(c[s].b2);
    na1[s] = Ops::set1(c[s].na1);
    na2[s] = Ops::set1(c[s].na2);
  }
  const V g = Ops::set1(gain);
  for (std::size_t n = 0; n < frames; ++n) {
    V x[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      x[v] = Ops::load(buf + n * K + v * W);
      if (first) x[v] = Ops::mul(x[v], g);
    }
#pragma GCC unroll 4
    for (int s = 0; s < G; ++s)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        const V y = Ops::add(x[v], z0[s][v]);
        const V t = Ops::fma(b1[s], x[v], z1[s][v]);
        z0[s][v] = Ops::fma(na1[s], y, t);
        z1[s][v] = UnitB2 ? Ops::fma(na2[s], y, x[v]) : Ops::fma(na2[s], y, Ops::mul(b2[s], x[v]));
        x[v] = y;
      }
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) Ops::store(buf + n * K + v * W, x[v]);
  }
  for (int s = 0; s < G; ++s)
    for (int v = 0; v < NV; ++v) {
      Ops::store(z0s + s * K + v * W, z0[s][v]);
      Ops::store(z1s + s * K + v * W, z1[s][v]);
    }
}

/// Runs `frames` frames through the cascade for up to K lanes. Lane k reads in[k][n * is] and writes
/// out[k][n * os]; a null in[k] marks an idle lane. `stream`: non-temporal output stores where the Ops
/// have them (the caller fences). Returns false when an active output is NaN/Inf.
template <class Ops, int NV, bool UnitB2, class T>
[[gnu::always_inline]] inline bool batch_lanes(const BatchPlan<T>& p, T* z0s, T* z1s, const T* const* in,
                                               T* const* out, std::ptrdiff_t is, std::ptrdiff_t os,
                                               std::size_t frames, bool stream = false) noexcept {
  constexpr int K = Ops::W * NV;
  constexpr int GMax = NV == 1 ? 4 : 2;  // state of a pass stays in the 16 vector registers
  alignas(64) T buf[kBatchChunk * K];
  std::fill(buf, buf + kBatchChunk * K, T(0));
  const std::size_t S = p.coef.size();
  auto fin = Ops::set1(T(0));
  for (std::size_t f0 = 0; f0 < frames; f0 += kBatchChunk) {
    const std::size_t nf = std::min(kBatchChunk, frames - f0);
    for (int k0 = 0; k0 < K; k0 += 4) {
      // Four active unit-stride lanes: move 4 x 4 blocks with SIMD transposes.
      std::size_t j0 = 0;
      if constexpr (Ops::kTranspose4) {
        if ((is == 1 || is == -1) && in[k0] && in[k0 + 1] && in[k0 + 2] && in[k0 + 3]) {
          const T* src[4];
          for (int l = 0; l < 4; ++l) src[l] = in[k0 + l] + std::ptrdiff_t(f0) * is;
          for (; j0 + 4 <= nf; j0 += 4) {
            // Eight far-apart streams: help the hardware prefetcher along.
            if (j0 % 8 == 0)
              for (int l = 0; l < 4; ++l) Ops::prefetch(src[l] + std::ptrdiff_t(j0 + kPrefetch) * is);
            Ops::transpose_in(src, std::ptrdiff_t(j0), is, buf + j0 * K + k0, K);
          }
        }
      }
      for (int k = k0; k < k0 + 4 && k < K; ++k) {
        if (!in[k]) continue;
        const T* src = in[k] + std::ptrdiff_t(f0) * is;
        T* b = buf + k;
        for (std::size_t j = j0; j < nf; ++j) b[j * K] = src[std::ptrdiff_t(j) * is];
      }
    }
    std::size_t s = 0;
    for (; s + GMax <= S; s += GMax)
      batch_pass<Ops, NV, GMax, UnitB2>(p.coef.data() + s, z0s + s * K, z1s + s * K, buf, nf, s == 0, p.gain);
    switch (S - s) {
      case 3: batch_pass<Ops, NV, 3, UnitB2>(p.coef.data() + s, z0s + s * K, z1s + s * K, buf, nf, s == 0, p.gain); break;
      case 2: batch_pass<Ops, NV, 2, UnitB2>(p.coef.data() + s, z0s + s * K, z1s + s * K, buf, nf, s == 0, p.gain); break;
      case 1: batch_pass<Ops, NV, 1, UnitB2>(p.coef.data() + s, z0s + s * K, z1s + s * K, buf, nf, s == 0, p.gain); break;
      default: break;
    }
    for (int k0 = 0; k0 < K; k0 += 4) {
      std::size_t j0 = 0;
      if constexpr (Ops::kTranspose4) {
        if ((os == 1 || os == -1) && in[k0] && in[k0 + 1] && in[k0 + 2] && in[k0 + 3]) {
          T* dst[4];
          for (int l = 0; l < 4; ++l) dst[l] = out[k0 + l] + std::ptrdiff_t(f0) * os;
          for (; j0 + 4 <= nf; j0 += 4) Ops::transpose_out(buf + j0 * K + k0, K, dst, std::ptrdiff_t(j0), os, stream);
        }
      }
      for (int k = k0; k < k0 + 4 && k < K; ++k) {
        if (!in[k]) continue;
        T* dst = out[k] + std::ptrdiff_t(f0) * os;
        const T* b = buf + k;
        for (std::size_t j = j0; j < nf; ++j) dst[std::ptrdiff_t(j) * os] = b[j * K];
      }
    }
    // NaN/Inf check on the chunk while it is hot (x * 0 is NaN exactly for those); idle lanes hold finite
    // values. Not needed when every section feeds its output back (plan.feedback): a non-finite output then
    // enters its section's state and stays non-finite (nothing multiplies it by zero or subtracts it from
    // itself back to a number), so the lanes' final states below tell the same; the sweep cost ~15 % of a
    // long call.
    if (!p.feedback)
      for (std::size_t j = 0; j < nf * K; j += Ops::W) fin = Ops::add(fin, Ops::mul(Ops::load(buf + j), Ops::set1(T(0))));
  }
  alignas(64) T lanes[Ops::W];
  Ops::store(lanes, fin);
  T acc = 0;
  for (int l = 0; l < Ops::W; ++l) acc += lanes[l];
  if (p.feedback)
    for (std::size_t s = 0; s < S; ++s)
      for (int k = 0; k < K; ++k)
        if (in[k]) acc += T(0) * z0s[s * K + std::size_t(k)] + T(0) * z1s[s * K + std::size_t(k)];
  return acc == acc;
}

/// Time-block filtering of `channels` rows; element (i, c) at base[c * cs + i * fs]. state: [s][c][2] in the
/// original (scipy) form, updated to the final state. Requires batch_fits(p, n, K). in == out allowed.
template <class Ops, int NV, bool UnitB2, class T>
[[gnu::always_inline]] inline bool batch_run(const BatchPlan<T>& p, T* state, std::size_t channels, const T* in,
                                             T* out, std::size_t n, std::ptrdiff_t fs, std::ptrdiff_t cs) {
  constexpr int K = Ops::W * NV;
  // Segment length: a whole number of 64-byte lines where that keeps it >= the batch_fits minimum, so that
  // when a row starts on a line (stream_peel) every lane does too (full-width, whole-line streaming stores).
  constexpr std::size_t kLine = 64 / sizeof(T);
  const std::size_t S = p.coef.size(), M = p.settle, L0 = n / K, Ll = L0 / kLine * kLine;
  const std::size_t L = segment_fits(p, Ll) ? Ll : L0;
  std::vector<T> fix(std::size_t(K - 1) * M);
  std::vector<T> zst(4 * S * K, T(0));
  T* z0 = zst.data();
  T* z1 = z0 + S * K;
  T* e0 = z1 + S * K;  // lane K-1's final state, kept while the lanes are reused for the fix-ups
  T* e1 = e0 + S * K;
  bool finite = true;
  const bool stream = channels * n * sizeof(T) >= kStreamBytes;
  const T* ins[K];
  T* outs[K];
  for (std::size_t c = 0; c < channels; ++c) {
    const T* x = in + std::ptrdiff_t(c) * cs;
    T* y = out + std::ptrdiff_t(c) * cs;
    // The fix-ups need the original input of each segment's first M frames (in == out is allowed).
    for (int k = 1; k < K; ++k)
      for (std::size_t j = 0; j < M; ++j) fix[std::size_t(k - 1) * M + j] = x[std::ptrdiff_t(k * L + j) * fs];
    std::fill(zst.begin(), zst.begin() + std::ptrdiff_t(2 * S * K), T(0));
    for (std::size_t s = 0; s < S; ++s) {
      z0[s * K] = T(double(state[(s * channels + c) * 2]) * p.to_fact[s]);
      z1[s * K] = T(double(state[(s * channels + c) * 2 + 1]) * p.to_fact[s]);
    }
    for (int k = 0; k < K; ++k) {
      ins[k] = x + std::ptrdiff_t(k * L) * fs;
      outs[k] = y + std::ptrdiff_t(k * L) * fs;
    }
    finite &= batch_lanes<Ops, NV, UnitB2>(p, z0, z1, ins, outs, fs, fs, L, stream);
    // The last segment also takes the n - K*L leftover frames; its final state is the channel's.
    std::memcpy(e0, z0, S * K * sizeof(T));
    std::memcpy(e1, z1, S * K * sizeof(T));
    if (n > K * L) {
      for (int k = 0; k < K; ++k) ins[k] = nullptr;
      ins[K - 1] = x + std::ptrdiff_t(K * L) * fs;
      outs[K - 1] = y + std::ptrdiff_t(K * L) * fs;
      finite &= batch_lanes<Ops, NV, UnitB2>(p, e0, e1, ins, outs, fs, fs, n - K * L, stream);
    }
    // The fix-ups below overwrite lines just written with streaming stores: order them first.
    if (stream) Ops::fence();
    // Fix-ups: lane k restarts segment k from lane k-1's final state.
    for (std::size_t s = 0; s < S; ++s) {
      for (int k = K - 1; k >= 1; --k) {
        z0[s * K + k] = z0[s * K + k - 1];
        z1[s * K + k] = z1[s * K + k - 1];
      }
      z0[s * K] = z1[s * K] = T(0);
    }
    ins[0] = nullptr;
    for (int k = 1; k < K; ++k) {
      ins[k] = fix.data() + std::size_t(k - 1) * M;
      outs[k] = y + std::ptrdiff_t(k * L) * fs;
    }
    finite &= batch_lanes<Ops, NV, UnitB2>(p, z0, z1, ins, outs, 1, fs, M);
    for (std::size_t s = 0; s < S; ++s) {
      state[(s * channels + c) * 2] = T(double(e0[s * K + K - 1]) / p.to_fact[s]);
      state[(s * channels + c) * 2 + 1] = T(double(e1[s * K + K - 1]) / p.to_fact[s]);
    }
  }
  return finite;
}

// NOLINTEND(llvm-header-guard)

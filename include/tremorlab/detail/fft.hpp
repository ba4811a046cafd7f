#pragma once
// The FFT wrappers over kissfft<double> (the library uses KissFFT only through this header).
// RealFft: real-input forward FFT returning the nonnegative-frequency half spectrum.
// Even n uses a complex plan of size n/2 with kissfft's transform_real (half the work of a complex
// transform); odd n uses a complex plan of size n. KissFFT handles a prime factor p with an O(p)
// per-sample generic butterfly, so a length with a large prime factor (a periodogram of 100,003
// samples, say) would take O(n^2): such lengths go through Bluestein's chirp-z algorithm instead,
// i.e. a circular convolution done with a power-of-two kissfft plan, O(n log n).
// All buffers and plans are allocated at construction; forward() does not allocate.
#include <kissfft/kissfft.hh>

#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <vector>

namespace tremorlab::detail {

/// Largest prime factor of n (1 for n <= 1).
inline std::size_t largest_prime_factor(std::size_t n) noexcept {
  std::size_t best = 1;
  for (std::size_t p = 2; p * p <= n; ++p)
    while (n % p == 0) {
      best = p;
      n /= p;
    }
  return n > 1 ? n : best;
}

class RealFft {
 public:
  using cpx = std::complex<double>;
  /// Above this prime factor Bluestein beats KissFFT's generic butterfly.
  static constexpr std::size_t kBluesteinPrime = 150;

  explicit RealFft(std::size_t n) : n_(n), mode_(choose(n)), plan_(plan_size(n, mode_), false) {
    if (mode_ == Mode::complex) {
      cin_.resize(n);
      cout_.resize(n);
    } else if (mode_ == Mode::bluestein) {
      init_bluestein();
    }
    // kissfft lazily grows a scratch buffer the first time a generic (prime > 5) radix runs; one
    // transform here makes that happen now so forward() never allocates.
    if (n_ > 0) {
      std::vector<double> zeros(n_, 0.0);
      std::vector<cpx> out(nbins());
      forward(zeros.data(), out.data());
    }
  }

  std::size_t size() const noexcept { return n_; }
  std::size_t nbins() const noexcept { return n_ / 2 + 1; }
  bool uses_bluestein() const noexcept { return mode_ == Mode::bluestein; }

  /// `in`: n real samples; `out`: n/2 + 1 bins (DFT indices 0..n/2). `in` and `out` must not overlap.
  void forward(const double* in, cpx* out) noexcept {
    if (n_ == 0) return;
    switch (mode_) {
      case Mode::real_half: {
        const std::size_t h = n_ / 2;
        // transform_real reads `in` as h interleaved complex numbers; std::complex<double> is
        // layout-compatible with double[2] and has the alignment of double.
        plan_.transform_real(in, out);
        const double dc = out[0].real();
        const double nyq = out[0].imag();
        out[0] = cpx(dc, 0.0);
        out[h] = cpx(nyq, 0.0);
        break;
      }
      case Mode::complex:
        for (std::size_t i = 0; i < n_; ++i) cin_[i] = cpx(in[i], 0.0);
        plan_.transform(cin_.data(), cout_.data());
        for (std::size_t k = 0, m = nbins(); k < m; ++k) out[k] = cout_[k];
        break;
      case Mode::bluestein:
        bluestein(in, out);
        break;
    }
  }

 private:
  enum class Mode { real_half, complex, bluestein };

  static Mode choose(std::size_t n) noexcept {
    const std::size_t plan = n % 2 == 0 ? n / 2 : n;
    if (largest_prime_factor(plan) > kBluesteinPrime) return Mode::bluestein;
    return n % 2 == 0 ? Mode::real_half : Mode::complex;
  }
  static std::size_t plan_size(std::size_t n, Mode m) noexcept {
    if (m == Mode::real_half) return n / 2;
    if (m == Mode::complex) return n;
    std::size_t p = 1;
    while (p < 2 * n - 1) p *= 2;
    return p;
  }

  // X_k = conj(c_k) * sum_j (x_j conj(c_j)) c_{k-j} with c_j = exp(i pi j^2 / n): a linear convolution
  // with the chirp, done circularly with size m >= 2n - 1.
  void init_bluestein() {
    const std::size_t m = plan_size(n_, Mode::bluestein);
    chirp_.resize(n_);
    for (std::size_t j = 0; j < n_; ++j) {
      // j^2 mod 2n keeps the phase argument small and exact.
      const auto r = static_cast<double>((static_cast<unsigned long long>(j) * j) % (2ULL * n_));
      chirp_[j] = std::polar(1.0, std::numbers::pi * r / static_cast<double>(n_));
    }
    std::vector<cpx> b(m, cpx(0.0, 0.0));
    b[0] = chirp_[0];
    for (std::size_t j = 1; j < n_; ++j) b[j] = b[m - j] = chirp_[j];
    bfft_.resize(m);
    plan_.transform(b.data(), bfft_.data());
    const double inv_m = 1.0 / static_cast<double>(m);
    for (auto& v : bfft_) v *= inv_m;  // folds the inverse transform's 1/m in
    work_a_.assign(m, cpx(0.0, 0.0));
    work_b_.assign(m, cpx(0.0, 0.0));
  }

  void bluestein(const double* in, cpx* out) noexcept {
    const std::size_t m = work_a_.size();
    for (std::size_t j = 0; j < n_; ++j) work_a_[j] = in[j] * std::conj(chirp_[j]);
    for (std::size_t j = n_; j < m; ++j) work_a_[j] = cpx(0.0, 0.0);
    plan_.transform(work_a_.data(), work_b_.data());
    // Inverse FFT through the forward plan: ifft(y) = conj(fft(conj(y))) (1/m already in bfft_).
    for (std::size_t k = 0; k < m; ++k) work_b_[k] = std::conj(work_b_[k] * bfft_[k]);
    plan_.transform(work_b_.data(), work_a_.data());
    for (std::size_t k = 0, nb = nbins(); k < nb; ++k) out[k] = std::conj(work_a_[k]) * std::conj(chirp_[k]);
  }

  std::size_t n_;
  Mode mode_;
  kissfft<double> plan_;
  std::vector<cpx> cin_, cout_;                     // complex mode
  std::vector<cpx> chirp_, bfft_, work_a_, work_b_;  // bluestein mode
};

/// Complex FFT of size n (forward, or unnormalised inverse), over kissfft<double>. Sizes with prime factors
/// above 5 allocate a scratch buffer on their first transform; callers on an allocation-free path use
/// 5-smooth sizes (next_5smooth).
class ComplexFft {
 public:
  using cpx = std::complex<double>;
  ComplexFft(std::size_t n, bool inverse) : n_(n), plan_(n, inverse) {}
  std::size_t size() const noexcept { return n_; }
  /// `in`, `out`: n values each.
  void transform(const cpx* in, cpx* out) noexcept { plan_.transform(in, out); }

 private:
  std::size_t n_;
  kissfft<double> plan_;
};

}  // namespace tremorlab::detail

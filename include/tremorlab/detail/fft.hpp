#pragma once
// Real-input forward FFT over kissfft<double>, returning the nonnegative-frequency half spectrum.
// Even n uses a complex plan of size n/2 with kissfft's transform_real (half the work of a complex
// transform); odd n falls back to a complex plan of size n. All buffers are allocated at construction.
#include <kissfft/kissfft.hh>

#include <complex>
#include <cstddef>
#include <vector>

namespace tremorlab::detail {

class RealFft {
 public:
  using cpx = std::complex<double>;

  explicit RealFft(std::size_t n)
      : n_(n),
        even_(n % 2 == 0),
        plan_(n % 2 == 0 ? n / 2 : n, false),
        cin_(n % 2 == 0 ? 0 : n),
        cout_(n % 2 == 0 ? 0 : n) {
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

  /// `in`: n real samples; `out`: n/2 + 1 bins (DFT indices 0..n/2). `in` and `out` must not overlap.
  void forward(const double* in, cpx* out) noexcept {
    if (n_ == 0) return;
    if (even_) {
      const std::size_t h = n_ / 2;
      // transform_real reads `in` as h interleaved complex numbers; std::complex<double> is
      // layout-compatible with double[2] and has the alignment of double.
      plan_.transform_real(in, out);
      const double dc = out[0].real();
      const double nyq = out[0].imag();
      out[0] = cpx(dc, 0.0);
      out[h] = cpx(nyq, 0.0);
    } else {
      for (std::size_t i = 0; i < n_; ++i) cin_[i] = cpx(in[i], 0.0);
      plan_.transform(cin_.data(), cout_.data());
      for (std::size_t k = 0, m = nbins(); k < m; ++k) out[k] = cout_[k];
    }
  }

 private:
  std::size_t n_;
  bool even_;
  kissfft<double> plan_;
  std::vector<cpx> cin_;
  std::vector<cpx> cout_;
};

}  // namespace tremorlab::detail

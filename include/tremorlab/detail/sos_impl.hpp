#pragma once
// Implementation of sos_filter.hpp (included at its end).
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "tremorlab/detail/sos_batch.hpp"
#include "tremorlab/detail/sos_kernel.hpp"

namespace tremorlab::detail {

/// Validates sos rows and divides out a0 (a no-op for scipy-style sos with a0 == 1).
template <class T>
std::vector<SosCoef<T>> normalised_coefficients(const Sos& sos) {
  if (sos.empty()) throw InvalidArgument("sos: at least one section is required");
  std::vector<SosCoef<T>> out;
  out.reserve(sos.size());
  for (std::size_t i = 0; i < sos.size(); ++i) {
    const Section& s = sos[i];
    for (double v : {s.b0, s.b1, s.b2, s.a0, s.a1, s.a2})
      if (!std::isfinite(v)) throw InvalidArgument("sos: section " + std::to_string(i) + " has a non-finite coefficient");
    if (s.a0 == 0.0) throw InvalidArgument("sos: section " + std::to_string(i) + " has a0 == 0");
    if (s.a0 == 1.0)
      out.push_back({T(s.b0), T(s.b1), T(s.b2), T(s.a1), T(s.a2)});
    else
      out.push_back({T(s.b0 / s.a0), T(s.b1 / s.a0), T(s.b2 / s.a0), T(s.a1 / s.a0), T(s.a2 / s.a0)});
  }
  return out;
}

/// scipy.signal.lfilter_zi for one normalised biquad: solves (I - A^T) zi = b[1:] - a[1:] * b0 (A the
/// 2x2 companion matrix) with LAPACK's partial-pivoting LU steps, so rounding follows numpy.linalg.solve.
/// Returns nullopt where LAPACK meets an exact zero pivot (scipy: LinAlgError "Singular matrix"): a pole
/// at z = 1 (1 + a1 + a2 == 0), for which a step response has no steady state.
inline std::optional<std::array<double, 2>> biquad_zi(double b0, double b1, double b2, double a1, double a2) {
  double m00 = 1.0 + a1, m01 = -1.0, m10 = a2, m11 = 1.0;
  double r0 = b1 - a1 * b0, r1 = b2 - a2 * b0;
  if (std::abs(m10) > std::abs(m00)) std::swap(m00, m10), std::swap(m01, m11), std::swap(r0, r1);
  if (m00 == 0.0) return std::nullopt;
  const double l = m10 * (1.0 / m00);
  m11 -= l * m01;
  r1 -= l * r0;
  if (m11 == 0.0) return std::nullopt;
  const double x1 = r1 / m11;
  const double x0 = (r0 - x1 * m01) / m00;
  return std::array<double, 2>{x0, x1};
}

/// sosfilt_zi's per-section solve and gain cascade. A section with a pole at z = 1 throws InvalidArgument
/// when `strict` (scipy refuses it); otherwise its state stays zero (SosFilter: a stream through an
/// integrator is valid, only its steady-state start is undefined).
inline std::vector<double> sos_zi(const Sos& sos, bool strict) {
  const auto coef = normalised_coefficients<double>(sos);
  std::vector<double> zi(coef.size() * 2, 0.0);
  double scale = 1.0;
  for (std::size_t s = 0; s < coef.size(); ++s) {
    const auto& c = coef[s];
    const auto z = biquad_zi(c.b0, c.b1, c.b2, c.a1, c.a2);
    if (!z && strict)
      throw InvalidArgument("sosfilt_zi: section " + std::to_string(s) +
                            " has a pole at z = 1 (a0 + a1 + a2 == 0), so a step response has no steady state "
                            "(singular matrix)");
    if (z) {
      zi[s * 2] = scale * (*z)[0];
      zi[s * 2 + 1] = scale * (*z)[1];
    }
    // H(1) of this section: the steady-state gain seen by the next one.
    scale *= (sos[s].b0 + sos[s].b1 + sos[s].b2) / (sos[s].a0 + sos[s].a1 + sos[s].a2);
  }
  return zi;
}

/// Default padlen of sosfiltfilt: 3 * (2 * n_sections + 1 - min(#(b2 == 0), #(a2 == 0))).
inline long default_padlen(const Sos& sos) {
  long zb = 0, za = 0;
  for (const auto& s : sos) zb += s.b2 == 0.0, za += s.a2 == 0.0;
  return 3 * (2 * long(sos.size()) + 1 - std::min(zb, za));
}

/// Zero-phase filtering of `channels` planar rows of length n (row c at x + c * n) into y (same layout),
/// as scipy: extend by `edge` frames each side, filter forward from zi * ext[0], filter backward from
/// zi * last forward output, drop the extension. zi: sosfilt_zi(sos) (sections x 2).
/// No extended copy of the signal is made: the two short extensions are filtered in small buffers, the
/// forward pass writes x straight into y and the backward pass runs over y in place (negative stride); the
/// backward pass over the left extension is skipped because its output is discarded. The long pieces go
/// through the time-block path of sos_batch.hpp when `plan` allows it. Returns false when an output is
/// NaN/Inf (callers that reject non-finite input check x only then).
template <class T>
bool sosfiltfilt_planar(const BatchPlan<T>& plan, const std::vector<SosCoef<T>>& coef, const std::vector<double>& zi,
                        const T* x, T* y, std::size_t channels, std::size_t n, PadType pad, std::size_t edge,
                        std::size_t workers = 1) {
  const std::size_t sections = coef.size();
  if (pad == PadType::none) edge = 0;
  const auto E = std::ptrdiff_t(edge), N = std::ptrdiff_t(n);
  // left[c * edge + j] = ext[j], right[c * edge + j] = ext[edge + n + j] (scipy's odd/even/const_ext).
  std::vector<T> left(channels * edge), right(channels * edge);
  for (std::size_t c = 0; c < channels; ++c) {
    const T* xc = x + c * n;
    for (std::size_t i = 1; i <= edge; ++i) {
      T l, r;
      switch (pad) {
        case PadType::odd:
          l = T(2) * xc[0] - xc[i];
          r = T(2) * xc[n - 1] - xc[n - 1 - i];
          break;
        case PadType::even:
          l = xc[i];
          r = xc[n - 1 - i];
          break;
        default:
          l = xc[0];
          r = xc[n - 1];
          break;
      }
      left[c * edge + (edge - i)] = l;
      right[c * edge + (i - 1)] = r;
    }
  }
  std::vector<T> state(sections * channels * 2);
  // scipy multiplies the float64 zi by the first (then last) value and casts to the working dtype.
  auto set_state = [&](auto value_of) {
    for (std::size_t s = 0; s < sections; ++s)
      for (std::size_t c = 0; c < channels; ++c)
        for (std::size_t k = 0; k < 2; ++k)
          state[(s * channels + c) * 2 + k] = T(zi[s * 2 + k] * double(value_of(c)));
  };
  bool finite = true;
  set_state([&](std::size_t c) { return edge ? left[c * edge] : x[c * n]; });
  if (edge) finite &= sos_batch<T>(plan, coef, state.data(), channels, left.data(), left.data(), edge, 1, E);
  finite &= sos_batch_parallel<T>(plan, coef, state.data(), channels, x, y, n, 1, N, workers);
  if (edge) finite &= sos_batch<T>(plan, coef, state.data(), channels, right.data(), right.data(), edge, 1, E);
  set_state([&](std::size_t c) { return edge ? right[c * edge + edge - 1] : y[c * n + n - 1]; });
  // Backward: a negative frame stride walks every row from its end.
  if (edge)
    finite &= sos_batch<T>(plan, coef, state.data(), channels, right.data() + (E - 1), right.data() + (E - 1), edge,
                           -1, E);
  finite &= sos_batch_parallel<T>(plan, coef, state.data(), channels, y + (N - 1), y + (N - 1), n, -1, N, workers);
  return finite;
}

}  // namespace tremorlab::detail

namespace tremorlab {

template <class T>
SosFilter<T>::SosFilter(const Sos& sos, std::size_t channels)
    : coef_(detail::normalised_coefficients<T>(sos)), zi_unit_(detail::sos_zi(sos, false)), channels_(channels) {
  if (channels == 0) throw InvalidArgument("SosFilter: channels must be at least 1");
  state_.assign(coef_.size() * channels * 2, T(0));
}

template <class T>
void SosFilter<T>::process(std::span<const T> in, std::span<T> out, Layout layout) noexcept {
  const std::size_t total = std::min(in.size(), out.size());
  const std::size_t frames = total / channels_;
  if (layout == Layout::interleaved)
    detail::sos_block<T>(coef_.data(), coef_.size(), state_.data(), channels_, in.data(), out.data(), frames,
                         std::ptrdiff_t(channels_), 1);
  else
    detail::sos_block<T>(coef_.data(), coef_.size(), state_.data(), channels_, in.data(), out.data(), frames, 1,
                         std::ptrdiff_t(frames));
}

template <class T>
void SosFilter<T>::process_frame(std::span<const T> in, std::span<T> out) noexcept {
  if (in.size() < channels_ || out.size() < channels_) return;
  detail::sos_frame<T>(coef_.data(), coef_.size(), state_.data(), channels_, in.data(), out.data());
}

template <class T>
void SosFilter<T>::reset() noexcept {
  std::fill(state_.begin(), state_.end(), T(0));
}

template <class T>
void SosFilter<T>::init_steady_state(std::span<const T> frame) noexcept {
  if (frame.size() < channels_) return;
  for (std::size_t s = 0; s < coef_.size(); ++s)
    for (std::size_t c = 0; c < channels_; ++c)
      for (std::size_t k = 0; k < 2; ++k)
        state_[(s * channels_ + c) * 2 + k] = T(zi_unit_[s * 2 + k] * double(frame[c]));
}

inline std::vector<double> sosfilt_zi(const Sos& sos) { return detail::sos_zi(sos, true); }

inline std::vector<double> sosfiltfilt(const Sos& sos, std::span<const double> x, PadType pad, long padlen,
                                       std::size_t workers) {
  if (workers == 0) throw InvalidArgument("sosfiltfilt: workers must be at least 1");
  const auto coef = detail::normalised_coefficients<double>(sos);
  const long edge = pad == PadType::none ? 0 : (padlen < 0 ? detail::default_padlen(sos) : padlen);
  if (long(x.size()) <= edge)
    throw InvalidInput("sosfiltfilt: the length of the input vector x must be greater than padlen, which is " +
                       std::to_string(edge));
  for (double v : x)
    if (!std::isfinite(v)) throw InvalidInput("sosfiltfilt: x contains NaN or Inf");
  std::vector<double> y(x.size());
  detail::sosfiltfilt_planar<double>(detail::make_batch_plan<double>(coef, x.size()), coef, sosfilt_zi(sos), x.data(), y.data(), 1, x.size(), pad,
                                     std::size_t(edge), workers);
  return y;
}

}  // namespace tremorlab

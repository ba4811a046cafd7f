#pragma once
// Second-order-section filtering: transposed direct form II with scipy's update order, for float and
// double, any number of channels. State is laid out [section][channel] so all channels share one loop.
// SosFilter always runs the serial kernel (scipy's rounding, bit-for-bit independent of chunking).
// Whole-array sosfiltfilt (and the Python sosfilt) use the time-block kernel of detail/sos_batch.hpp for
// long inputs: equal to the serial result to ~1e-15 of the signal RMS (tested at 1e-12), not bit-for-bit.
// With workers > 1 (opt-in) the frames are also split across threads; see sos_batch_parallel.
//
#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "tremorlab/filter_design.hpp"
#include "tremorlab/detail/sos_kernel.hpp"

namespace tremorlab {

/// Sample layout of multi-channel blocks.
enum class Layout { interleaved,  ///< frame-major: x[n * channels + c]
                    planar };     ///< channel-major: x[c * frames + n]

/// Streaming SOS filter with per-channel state. All memory is allocated in the constructor;
/// process()/process_sample()/reset() never allocate and never throw. Plain value type (copyable).
template <class T>
class SosFilter {
 public:
  /// Throws InvalidArgument for empty sos, a0 == 0, non-finite coefficients or channels == 0.
  SosFilter(const Sos& sos, std::size_t channels);

  std::size_t channels() const noexcept;
  std::size_t sections() const noexcept;

  /// Filters `in` into `out` (same size, a multiple of channels()). In-place (in.data()==out.data()) is allowed.
  /// The result is bit-for-bit independent of how a stream is cut into blocks.
  void process(std::span<const T> in, std::span<T> out, Layout layout = Layout::interleaved) noexcept;

  /// One frame (channels() values) in, one frame out.
  void process_frame(std::span<const T> in, std::span<T> out) noexcept;

  /// Zeroes the state.
  void reset() noexcept;

  /// Sets the state to the steady state for a constant input equal to `frame` (per channel),
  /// i.e. sosfilt_zi(sos) * frame[c] — avoids the start-up transient on signals with an offset (gravity).
  /// A section with a pole at z = 1 has no steady state; its state is set to zero.
  void init_steady_state(std::span<const T> frame) noexcept;

  /// State access: zi[section][channel][2], flattened (section-major). Size sections()*channels()*2.
  std::span<const T> state() const noexcept;
  std::span<T> state() noexcept;

 private:
  std::vector<detail::SosCoef<T>> coef_;
  std::vector<double> zi_unit_;  // sosfilt_zi(sos), sections x 2
  std::vector<T> state_;         // [section][channel][2]
  std::size_t channels_;
};

template <class T>
std::size_t SosFilter<T>::channels() const noexcept { return channels_; }
template <class T>
std::size_t SosFilter<T>::sections() const noexcept { return coef_.size(); }
template <class T>
std::span<const T> SosFilter<T>::state() const noexcept { return state_; }
template <class T>
std::span<T> SosFilter<T>::state() noexcept { return state_; }

/// Steady-state initial conditions for a unit step, shape (sections, 2) flattened; scipy.signal.sosfilt_zi.
/// Throws InvalidArgument for a section with a pole at z = 1 (no steady state), as scipy does.
inline std::vector<double> sosfilt_zi(const Sos& sos);

/// Zero-phase forward-backward filtering of one channel, scipy.signal.sosfiltfilt semantics.
/// padtype: 0 none, 1 odd, 2 even, 3 constant. padlen < 0 means scipy's default
/// 3 * (2 * sections + 1 - min(#zero b2, #zero a2)). Throws InvalidInput when x is shorter than padlen+1.
/// workers > 1 lets a long x be filtered in that many parts on as many threads (the caller's included),
/// stitched exactly like the time-block lanes; the default 1 starts no thread. 0 is an InvalidArgument.
enum class PadType { none, odd, even, constant };
inline std::vector<double> sosfiltfilt(const Sos& sos, std::span<const double> x, PadType pad = PadType::odd,
                                       long padlen = -1, std::size_t workers = 1);

}  // namespace tremorlab

#include "tremorlab/detail/sos_impl.hpp"

#pragma once
// Hysteresis settings shared by the bout-tracker tests (test_detector_hysteresis.cpp, test_posture_gate.cpp).
#include "tremorlab/bout_tracker.hpp"

namespace tremorlab::testing {

/// Explicit settings (not the defaults, which are tuned for the shipped model and may change).
inline HysteresisConfig classic() {
  HysteresisConfig c;
  c.enter_threshold = 0.6;
  c.exit_threshold = 0.4;
  c.min_on_s = 0.25;
  c.min_off_s = 1.0;
  // Any mimicked lead counts (with mimicked_min_on_s 0 below), so bouts of uncertain kind can start here.
  c.mimicked_enter_threshold = 0.5;
  // Gates and the early path off: these tests exercise the plain hysteresis.
  c.mimicked_min_on_s = 0;
  c.min_amplitude = 0;
  c.min_band_share = 0;
  c.weak_share = 0;
  c.early_enter = c.enter_threshold;
  // Kind settling with round numbers: a window's evidence is ln(P(tremor) / P(mimicked)) clamped to +-2, every
  // on-window ending after the estimated start counts; tremor at a sum of +1, mimicked at -6.
  c.kind_llr_offset = 0;
  c.kind_llr_clip = 2;
  c.kind_fill_s = 0;
  c.tremor_settle_llr = 1;
  c.mimicked_settle_llr = 6;
  // One window called tremor can name a bout (test_posture_gate.cpp tests the called-time rule on its own).
  c.tremor_min_called_s = 0;
  return c;
}

}  // namespace tremorlab::testing

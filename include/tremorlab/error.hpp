#pragma once
// Error types thrown by tremorlab. Every throw happens at a boundary (construction, validation of
// caller input); the per-sample kernels are noexcept and never throw.
#include <stdexcept>
#include <string>

namespace tremorlab {

/// Base of every tremorlab exception; catch this to catch them all.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A parameter or option is out of range or unknown (order 0, Wn outside (0, fs/2), bad window name...).
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

/// Input data are unusable as given: NaN/Inf, empty, too short, wrong shape or channel count.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// Timestamps are non-finite or decreasing. The object that threw keeps its previous, valid state.
class TimestampError : public InvalidInput {
 public:
  using InvalidInput::InvalidInput;
};

/// A model file cannot be read: malformed JSON, wrong version, inconsistent sizes.
class ModelError : public Error {
 public:
  using Error::Error;
};

}  // namespace tremorlab

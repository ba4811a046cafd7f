#pragma once
// Umbrella header: the whole pipeline. Data flows one way:
//   samples -> filter -> windows -> features -> classifier -> events/summary.
#include "tremorlab/version.hpp"
#include "tremorlab/error.hpp"
#include "tremorlab/units.hpp"
#include "tremorlab/decision.hpp"
// samples -> filter
#include "tremorlab/timestamps.hpp"
#include "tremorlab/filter_design.hpp"
#include "tremorlab/sos_filter.hpp"
#include "tremorlab/detrend.hpp"
#include "tremorlab/gravity.hpp"
// spectra
#include "tremorlab/windows.hpp"
#include "tremorlab/welch.hpp"
#include "tremorlab/band_measures.hpp"
// windows -> features -> classifier
#include "tremorlab/features.hpp"
#include "tremorlab/classifier.hpp"
#include "tremorlab/batch.hpp"
// -> events/summary
#include "tremorlab/events.hpp"
#include "tremorlab/bout_tracker.hpp"
#include "tremorlab/detector.hpp"
#include "tremorlab/session_types.hpp"
#include "tremorlab/session_tracker.hpp"
#include "tremorlab/session.hpp"
#include "tremorlab/session_recording.hpp"

#pragma once
// Umbrella header. Data flows one way: samples -> filter -> windows -> features -> classifier -> events/summary.
#include "tremorlab/version.hpp"
#include "tremorlab/error.hpp"
#include "tremorlab/filter_design.hpp"
#include "tremorlab/sos_filter.hpp"
#include "tremorlab/welch.hpp"
#include "tremorlab/band_measures.hpp"

/* tremorlab C ABI: the streaming tremor detector, the shaking session, the Butterworth/SOS filter and the
 * batch window classifier for apps that cannot link C++ (Swift, Kotlin/JNI, Rust, C#, Dart, ctypes...).
 *
 * C99, no C++ in this header. Every function that can fail returns a tremorlab_status; on failure
 * tremorlab_last_error() gives a message (per thread). No C++ exception or type crosses this boundary.
 * NULL handles/pointers and out-of-range arguments are rejected with TREMORLAB_INVALID_ARGUMENT.
 *
 * Names of labels, event kinds and model classes come from the library (tremorlab_label_name(),
 * tremorlab_event_kind_name(), tremorlab_model_class_name()); new labels in later versions pass through
 * unchanged, so compare names, not numbers, and do not assume a fixed list.
 *
 * Threads: a handle is used by one thread at a time; different handles may be used concurrently.
 * Memory: create/destroy allocate; push/flush/pop/filter calls do not (the JSON summary does).
 * tremorlab makes no medical claim and gives no diagnosis. */
#ifndef TREMORLAB_TREMORLAB_H
#define TREMORLAB_TREMORLAB_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(TREMORLAB_C_BUILDING)
#    define TREMORLAB_API __declspec(dllexport)
#  else
#    define TREMORLAB_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define TREMORLAB_API __attribute__((visibility("default")))
#else
#  define TREMORLAB_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status, errors, version ---------------------------------------------------------------------- */

typedef enum tremorlab_status {
  TREMORLAB_OK = 0,
  TREMORLAB_INVALID_ARGUMENT = 1, /* NULL pointer/handle, option out of range */
  TREMORLAB_INVALID_INPUT = 2,    /* samples unusable: NaN/Inf, too short, ragged */
  TREMORLAB_TIMESTAMP_ERROR = 3,  /* timestamps non-finite or decreasing, 3+ all gaps apart (not in
                                     seconds) or 25+ steps averaging another rate than fs; the handle is
                                     unchanged */
  TREMORLAB_MODEL_ERROR = 4,      /* model JSON malformed or inconsistent */
  TREMORLAB_OUT_OF_MEMORY = 5,
  TREMORLAB_INTERNAL = 6,         /* anything else (a bug: please report the message) */
  TREMORLAB_BUFFER_TOO_SMALL = 7  /* an output buffer is too small; the required size was reported */
} tremorlab_status;

/* Message of the latest call on this thread that failed ("" after a call that succeeded). The pointer
 * stays valid until the next tremorlab_* call on the same thread. Never NULL. */
TREMORLAB_API const char* tremorlab_last_error(void);
/* Name of a status ("ok", "invalid_argument", ...). Never NULL. */
TREMORLAB_API const char* tremorlab_status_name(tremorlab_status s);
/* Version of the linked library, "MAJOR.MINOR.PATCH", and as MAJOR*10000 + MINOR*100 + PATCH. */
TREMORLAB_API const char* tremorlab_version(void);
TREMORLAB_API uint32_t tremorlab_version_number(void);

/* ---- names ----------------------------------------------------------------------------------------- */

/* Window/event labels (rest, voluntary, tremor, mimicked, shaking, ...): int codes 0..tremorlab_label_count()-1.
 * tremorlab_label_name() returns a static string, or NULL for a code out of range. */
TREMORLAB_API int tremorlab_label_count(void);
TREMORLAB_API const char* tremorlab_label_name(int label);
/* Event kinds (onset, offset, gap, relabel, ...), same scheme. */
TREMORLAB_API int tremorlab_event_kind_count(void);
TREMORLAB_API const char* tremorlab_event_kind_name(int kind);
/* Window features (log_band_power, ..., docs/features.md), same scheme. */
TREMORLAB_API int tremorlab_feature_count(void);
TREMORLAB_API const char* tremorlab_feature_name(int feature);

/* ---- model ------------------------------------------------------------------------------------------ */

typedef struct tremorlab_model tremorlab_model;

/* The model shipped with the library. */
TREMORLAB_API tremorlab_status tremorlab_model_default(tremorlab_model** out);
/* A model from its JSON text (NUL-terminated). TREMORLAB_MODEL_ERROR when it cannot be used. */
TREMORLAB_API tremorlab_status tremorlab_model_from_json(const char* json, tremorlab_model** out);
TREMORLAB_API void tremorlab_model_destroy(tremorlab_model* m); /* NULL is ignored */
TREMORLAB_API tremorlab_status tremorlab_model_n_classes(const tremorlab_model* m, size_t* out);
/* Name of class `index` in model order (the order of probabilities); valid while `m` lives. */
TREMORLAB_API tremorlab_status tremorlab_model_class_name(const tremorlab_model* m, size_t index, const char** out);

/* ---- filter: Butterworth design and streaming second-order sections ---------------------------------- */

/* scipy.signal.butter(order, wn, btype, fs=fs, output='sos'). n_wn is 1 (lowpass/highpass) or 2
 * (bandpass/bandstop); btype as scipy ("low", "highpass", "band", "bandstop", ...). Writes the sections
 * into sos (6 doubles each: b0 b1 b2 a0 a1 a2) when max_sections suffices; *n_sections always gets the
 * number of sections (TREMORLAB_BUFFER_TOO_SMALL when it exceeds max_sections; sos may then be NULL). */
TREMORLAB_API tremorlab_status tremorlab_butter(int order, const double* wn, size_t n_wn, const char* btype,
                                                double fs, double* sos, size_t max_sections, size_t* n_sections);

typedef struct tremorlab_sos_filter tremorlab_sos_filter;

/* A streaming filter over `channels` interleaved channels; state starts at zero. */
TREMORLAB_API tremorlab_status tremorlab_sos_filter_create(const double* sos, size_t n_sections, size_t channels,
                                                           tremorlab_sos_filter** out);
TREMORLAB_API void tremorlab_sos_filter_destroy(tremorlab_sos_filter* f);
/* Filters n_frames interleaved frames from in to out (in == out allowed). Results are independent of how a
 * stream is cut into calls. NaN/Inf are filtered as values (they propagate), not rejected. */
TREMORLAB_API tremorlab_status tremorlab_sos_filter_process(tremorlab_sos_filter* f, const double* in, double* out,
                                                            size_t n_frames);
TREMORLAB_API tremorlab_status tremorlab_sos_filter_reset(tremorlab_sos_filter* f);
/* State for a constant input equal to `frame` (channels values): scipy's sosfilt_zi * frame. */
TREMORLAB_API tremorlab_status tremorlab_sos_filter_init_steady_state(tremorlab_sos_filter* f, const double* frame);

/* ---- detector ------------------------------------------------------------------------------------------ */

typedef enum tremorlab_units { TREMORLAB_UNITS_M_PER_S2 = 0, TREMORLAB_UNITS_G = 1 } tremorlab_units;

/* Bout state machine settings; see tremorlab/bout_tracker.hpp (HysteresisConfig) for each field. */
typedef struct tremorlab_hysteresis_config {
  double enter_threshold, exit_threshold, min_on_s, min_off_s;
  double mimicked_enter_threshold, mimicked_min_on_s, mimicked_min_band_share;
  double min_amplitude, min_band_share, weak_share, weak_share_enter;
  double early_enter, early_rise_decades, early_rise_s, early_mimicked, early_hop_rise_decades, onset_tremor_share;
  /* when a bout's kind settles: the evidence test of HysteresisConfig ("Kind settling") */
  double kind_llr_offset, kind_llr_clip, kind_fill_s, tremor_settle_llr, mimicked_settle_llr;
  /* naming a bout tremor needs a held posture: gravity's turn per window, and the share of held windows */
  double tremor_max_turn_deg_s, tremor_min_steady_share;
  /* ... and windows the decision called tremor for a while, not one */
  double tremor_min_called_s;
} tremorlab_hysteresis_config;

/* Always start from tremorlab_detector_config_default(): it fills every field with the library's defaults. */
typedef struct tremorlab_detector_config {
  double fs;                 /* nominal sampling rate, Hz */
  size_t channels;           /* 3: ax ay az; 6: ax ay az + gyroscope (or a second accelerometer) */
  int second_sensor;         /* with channels 6: the last three are a second accelerometer */
  tremorlab_units units;     /* acceleration units, gravity included */
  double window_s, hop_s;    /* <= 0: the model's */
  double jitter_tolerance;   /* timestamp jitter accepted, fraction of 1/fs */
  double max_gap_s;          /* longer intervals are gaps */
  size_t event_capacity;     /* events held for tremorlab_*_pop_events (oldest dropped beyond) */
  tremorlab_hysteresis_config hysteresis;
  const tremorlab_model* model; /* NULL: the default model; copied at create, may be destroyed after */
} tremorlab_detector_config;

TREMORLAB_API tremorlab_status tremorlab_detector_config_default(tremorlab_detector_config* out);

/* One detector event (see tremorlab/events.hpp, Event). Times are on the stream clock (your timestamps, or
 * frame index / fs). kind_name and label_name point to static strings (never NULL). A gap has no label:
 * label is -1 and label_name "". */
typedef struct tremorlab_event {
  int kind;
  int label;
  const char* kind_name;
  const char* label_name;
  double time;          /* onset: estimated start; offset: estimated end; gap: last frame before it */
  double detected_at;   /* stream time at which the event was emitted */
  double confidence;    /* mean probability of the label over the run/bout */
  double frequency_hz;  /* mean shaking frequency, Hz (the band's dominant one, or a slower tremor's rhythm) */
  double amplitude;     /* mean band-passed RMS acceleration, m/s^2 */
  double peak_amplitude;
  double duration;      /* offset: bout length; relabel: time since onset; gap: gap length; onset: 0 */
} tremorlab_event;

/* Called once per event, in stream order, during push/flush. Must not call back into the same handle. */
typedef void (*tremorlab_event_callback)(const tremorlab_event* event, void* user_data);

typedef struct tremorlab_counters {
  uint64_t frames_pushed, frames_accepted, frames_rejected, frames_unwindowed;
  uint64_t windows, gaps, events, events_dropped, events_pending;
} tremorlab_counters;

#define TREMORLAB_MAX_CLASSES 8 /* upper bound on a detector model's classes */

/* The latest window's classification (valid == 0 before the first window). */
typedef struct tremorlab_window {
  int valid;
  int label; /* tremorlab_label_name() */
  uint64_t index;
  double t_start, t_end;
  size_t n_classes;
  double proba[TREMORLAB_MAX_CLASSES]; /* model order (tremorlab_model_class_name) */
  double p_tremor, p_mimicked, frequency_hz, amplitude, band_share, motion_rms;
  double rhythm_hz; /* strongest rhythm of the window, 0.5-20 Hz; 0: none (a flat spectrum, or a slower movement's harmonics); the label uses it */
  double turn_deg_s; /* largest turn of gravity's direction over the last 2 s, deg/s; NaN: not known; above the
                        model's tremor_max_turn_deg_s (5) the label is not tremor */
} tremorlab_window;

typedef struct tremorlab_detector tremorlab_detector;

TREMORLAB_API tremorlab_status tremorlab_detector_create(const tremorlab_detector_config* cfg,
                                                         tremorlab_detector** out);
TREMORLAB_API void tremorlab_detector_destroy(tremorlab_detector* d); /* NULL is ignored */

/* Pushes n_frames interleaved frames (config channels values each) with optional timestamps (NULL: frames
 * continue the clock at 1/fs; else n_frames seconds, increasing). The whole block is checked first: on
 * TREMORLAB_INVALID_INPUT/TREMORLAB_TIMESTAMP_ERROR nothing of it is used and the detector is unchanged.
 * Events go to the handle's queue; up to `capacity` of them are moved to `events` (may be NULL when
 * capacity is 0) and *n_events gets how many; the rest stay queued (tremorlab_detector_pop_events). */
TREMORLAB_API tremorlab_status tremorlab_detector_push(tremorlab_detector* d, const double* frames, size_t n_frames,
                                                       const double* timestamps, tremorlab_event* events,
                                                       size_t capacity, size_t* n_events);
/* Same, delivering every event to `callback` instead of the queue. */
TREMORLAB_API tremorlab_status tremorlab_detector_push_cb(tremorlab_detector* d, const double* frames,
                                                          size_t n_frames, const double* timestamps,
                                                          tremorlab_event_callback callback, void* user_data);
/* End of stream: closes an active bout. Events as in push. */
TREMORLAB_API tremorlab_status tremorlab_detector_flush(tremorlab_detector* d, tremorlab_event* events,
                                                        size_t capacity, size_t* n_events);
TREMORLAB_API tremorlab_status tremorlab_detector_flush_cb(tremorlab_detector* d, tremorlab_event_callback callback,
                                                           void* user_data);
/* Moves up to `capacity` queued events to `events`. */
TREMORLAB_API tremorlab_status tremorlab_detector_pop_events(tremorlab_detector* d, tremorlab_event* events,
                                                             size_t capacity, size_t* n_events);
/* Back to a fresh detector's state (same config and model). */
TREMORLAB_API tremorlab_status tremorlab_detector_reset(tremorlab_detector* d);
TREMORLAB_API tremorlab_status tremorlab_detector_counters(const tremorlab_detector* d, tremorlab_counters* out);
TREMORLAB_API tremorlab_status tremorlab_detector_latest(const tremorlab_detector* d, tremorlab_window* out);

/* One feature's share in a window's label (gradient x input of that label's logit, for `shaking` of tremor
 * and mimicked merged, w.r.t. the standardised feature): > 0 speaks for the label, < 0 against it. */
typedef struct tremorlab_contribution {
  int feature; /* tremorlab_feature_name() */
  double value;
} tremorlab_contribution;

/* Why the latest window got its label (tremorlab_window.label): the min(k, tremorlab_feature_count())
 * features that pushed hardest towards it, largest |value| first, into `out` (room for k entries; NULL when
 * k is 0); *n_out gets how many. TREMORLAB_INVALID_ARGUMENT before the first window (or after a reset) and
 * for NULL pointers. Allocates: for a user interface, not the sample path. */
TREMORLAB_API tremorlab_status tremorlab_detector_explain_latest(const tremorlab_detector* d, size_t k,
                                                               tremorlab_contribution* out, size_t* n_out);

/* ---- session: a detector plus bouts, shaking time and advisory flags --------------------------------- */

/* See tremorlab/session_types.hpp (SessionConfig). Start from tremorlab_session_config_default(). */
typedef struct tremorlab_session_config {
  tremorlab_detector_config detector;
  int first_session;
  double first_session_max_s, continuous_notice_s, continuous_limit_s, session_shaking_max_s;
  double still_motion_rms, still_gyro_rms;
  double body_axis[3];
  double lying_max_tilt_deg;
  double pause_join_s; /* shorter pauses between bouts do not end continuous shaking */
} tremorlab_session_config;

TREMORLAB_API tremorlab_status tremorlab_session_config_default(tremorlab_session_config* out);

typedef struct tremorlab_session tremorlab_session;

TREMORLAB_API tremorlab_status tremorlab_session_create(const tremorlab_session_config* cfg,
                                                        tremorlab_session** out);
TREMORLAB_API void tremorlab_session_destroy(tremorlab_session* s);
/* As the detector's. The session records one entry per finished bout (may allocate then). */
TREMORLAB_API tremorlab_status tremorlab_session_push(tremorlab_session* s, const double* frames, size_t n_frames,
                                                      const double* timestamps, tremorlab_event* events,
                                                      size_t capacity, size_t* n_events);
TREMORLAB_API tremorlab_status tremorlab_session_push_cb(tremorlab_session* s, const double* frames,
                                                         size_t n_frames, const double* timestamps,
                                                         tremorlab_event_callback callback, void* user_data);
TREMORLAB_API tremorlab_status tremorlab_session_flush(tremorlab_session* s, tremorlab_event* events,
                                                       size_t capacity, size_t* n_events);
TREMORLAB_API tremorlab_status tremorlab_session_flush_cb(tremorlab_session* s, tremorlab_event_callback callback,
                                                          void* user_data);
TREMORLAB_API tremorlab_status tremorlab_session_pop_events(tremorlab_session* s, tremorlab_event* events,
                                                            size_t capacity, size_t* n_events);
TREMORLAB_API tremorlab_status tremorlab_session_reset(tremorlab_session* s);
TREMORLAB_API tremorlab_status tremorlab_session_counters(const tremorlab_session* s, tremorlab_counters* out);
/* The session's latest window and the explanation of its label: as the tremorlab_detector_ functions. */
TREMORLAB_API tremorlab_status tremorlab_session_latest(const tremorlab_session* s, tremorlab_window* out);
TREMORLAB_API tremorlab_status tremorlab_session_explain_latest(const tremorlab_session* s, size_t k,
                                                              tremorlab_contribution* out, size_t* n_out);
/* Session summary as JSON (indent < 0: compact). Caller's buffer: *required gets strlen + 1 always; the
 * text (NUL-terminated) is written when capacity >= *required, else TREMORLAB_BUFFER_TOO_SMALL (buffer may
 * then be NULL). */
TREMORLAB_API tremorlab_status tremorlab_session_summary_json(const tremorlab_session* s, int indent, char* buffer,
                                                              size_t capacity, size_t* required);
/* Library-owned copy; release it with tremorlab_string_free(). */
TREMORLAB_API tremorlab_status tremorlab_session_summary_json_alloc(const tremorlab_session* s, int indent,
                                                                    char** out);
TREMORLAB_API void tremorlab_string_free(char* s); /* NULL is ignored */

/* ---- batch classification of a whole recording --------------------------------------------------------- */

typedef struct tremorlab_classify_options {
  double fs;
  tremorlab_units units;
  double window_s, hop_s;       /* <= 0: the model's */
  const tremorlab_model* model; /* NULL: the default model */
} tremorlab_classify_options;

TREMORLAB_API tremorlab_status tremorlab_classify_options_default(tremorlab_classify_options* out);
/* Window k covers frames [k*hop, k*hop + window) of n_frames interleaved x,y,z frames. Writes, for
 * *n_windows windows: proba (n_windows * *n_classes, row-major, model order: tremorlab_model_class_name;
 * the buffer must hold max_windows * the model's class count), labels (the window decision of the core,
 * a label code: tremorlab_label_name, which may be "shaking" = kind uncertain) and start_s (window start /
 * fs, may be NULL). *n_windows and *n_classes are always set; TREMORLAB_BUFFER_TOO_SMALL when
 * max_windows < *n_windows (nothing is computed beyond the counts, so call with max_windows 0 to size the
 * buffers). */
TREMORLAB_API tremorlab_status tremorlab_classify(const double* xyz, size_t n_frames,
                                                  const tremorlab_classify_options* opts, double* proba,
                                                  int* labels, double* start_s, size_t max_windows,
                                                  size_t* n_windows, size_t* n_classes);

/* The features of the same windows (*n_windows * tremorlab_feature_count() values, row-major, in
 * tremorlab_feature_name order): what the model saw, for tremorlab_model_explain or one's own analysis. Same
 * options, checks and sizing as tremorlab_classify (max_windows 0 sets *n_windows only). */
TREMORLAB_API tremorlab_status tremorlab_classify_features(const double* xyz, size_t n_frames,
                                                           const tremorlab_classify_options* opts, double* features,
                                                           size_t max_windows, size_t* n_windows);

/* Why a window with these features gets `label` (a label code, e.g. from tremorlab_classify): as
 * tremorlab_detector_explain_latest, for any feature row of n_features values (model NULL: the default
 * model). TREMORLAB_INVALID_INPUT for a wrong n_features or NaN/Inf, TREMORLAB_INVALID_ARGUMENT for an unknown
 * label or NULL pointers. Allocates. */
TREMORLAB_API tremorlab_status tremorlab_model_explain(const tremorlab_model* model, const double* features,
                                                       size_t n_features, int label, size_t k,
                                                       tremorlab_contribution* out, size_t* n_out);

#ifdef __cplusplus
}
#endif

#endif /* TREMORLAB_TREMORLAB_H */

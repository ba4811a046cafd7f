/* C consumer of the installed C ABI: filter design and streaming, a detector over a bundled real recording
 * (CloudUPDRS rest, right hand, with a 6 Hz oscillation added over its middle third), batch classification,
 * and the error paths. Exits non-zero on the first failed check. Usage: c_consumer <recording.csv> */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tremorlab/tremorlab.h>

static int failures = 0;
#define EXPECT(cond)                                                              \
  do {                                                                            \
    if (!(cond)) {                                                                \
      fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", __FILE__, __LINE__, #cond, \
              tremorlab_last_error());                                            \
      ++failures;                                                                 \
    }                                                                             \
  } while (0)

#define MAX_FRAMES 20000
static double xyz[3 * MAX_FRAMES], t[MAX_FRAMES], out[3 * MAX_FRAMES];

static size_t load(const char* path) {
  FILE* f = fopen(path, "r");
  double ns, ns0 = -1, x, y, z;
  int acc;
  size_t n = 0;
  if (!f) return 0;
  while (n < MAX_FRAMES && fscanf(f, "%lf,%lf,%lf,%lf,%d", &ns, &x, &y, &z, &acc) == 5) {
    if (ns0 < 0) ns0 = ns;
    t[n] = (ns - ns0) * 1e-9;
    xyz[3 * n] = x;
    xyz[3 * n + 1] = y;
    xyz[3 * n + 2] = z;
    ++n;
  }
  fclose(f);
  return n;
}

typedef struct {
  tremorlab_event ev[64];
  size_t n;
} Collected;

static void collect(const tremorlab_event* e, void* user) {
  Collected* c = (Collected*)user;
  if (c->n < 64) c->ev[c->n++] = *e;
}

static int is_kind(const tremorlab_event* e, const char* name) {
  return strcmp(e->kind_name, name) == 0 && strcmp(tremorlab_event_kind_name(e->kind), name) == 0;
}

static void test_filter(size_t n) {
  /* Butterworth low-pass: unit gain at DC, so a steady-state start on a constant input gives that constant. */
  const double wn = 10.0;
  double sos[6 * 4], frame[3] = {1.5, -2.0, 9.81}, c[3 * 50], y[3 * 50];
  size_t ns = 0, i;
  tremorlab_sos_filter* f = NULL;
  EXPECT(tremorlab_butter(4, &wn, 1, "lowpass", 100.0, sos, 4, &ns) == TREMORLAB_OK);
  EXPECT(ns == 2);
  EXPECT(tremorlab_sos_filter_create(sos, ns, 3, &f) == TREMORLAB_OK);
  EXPECT(tremorlab_sos_filter_init_steady_state(f, frame) == TREMORLAB_OK);
  for (i = 0; i < 150; ++i) c[i] = frame[i % 3];
  EXPECT(tremorlab_sos_filter_process(f, c, y, 50) == TREMORLAB_OK);
  for (i = 0; i < 150; ++i) EXPECT(fabs(y[i] - c[i]) < 1e-9);
  tremorlab_sos_filter_destroy(f);
  /* Band-pass 4-12 Hz over the recording: the output has no DC (gravity gone) and is finite. */
  {
    const double band[2] = {4.0, 12.0};
    double mean = 0;
    EXPECT(tremorlab_butter(2, band, 2, "band", 100.0, sos, 4, &ns) == TREMORLAB_OK);
    EXPECT(tremorlab_sos_filter_create(sos, ns, 3, &f) == TREMORLAB_OK);
    EXPECT(tremorlab_sos_filter_init_steady_state(f, xyz) == TREMORLAB_OK);
    EXPECT(tremorlab_sos_filter_process(f, xyz, out, n) == TREMORLAB_OK);
    for (i = n / 2; i < n; ++i) mean += out[3 * i + 2];
    mean /= (double)(n - n / 2);
    EXPECT(fabs(mean) < 0.05);
    EXPECT(isfinite(out[3 * n - 1]));
    tremorlab_sos_filter_destroy(f);
  }
  EXPECT(tremorlab_butter(4, &wn, 1, "no-such-type", 100.0, sos, 4, &ns) == TREMORLAB_INVALID_ARGUMENT);
  EXPECT(strlen(tremorlab_last_error()) > 0);
}

static void test_detector(size_t n) {
  tremorlab_detector_config cfg;
  tremorlab_detector* d = NULL;
  Collected cb;
  tremorlab_event arr[2];
  size_t got = 0, k, i, total = 0, onsets = 0, offsets = 0, big_onsets = 0;
  tremorlab_counters counters;
  memset(&cb, 0, sizeof cb);
  EXPECT(tremorlab_detector_config_default(&cfg) == TREMORLAB_OK);
  EXPECT(cfg.fs == 100.0 && cfg.channels == 3);
  EXPECT(tremorlab_detector_create(&cfg, &d) == TREMORLAB_OK);
  EXPECT(tremorlab_detector_push_cb(d, xyz, n, t, collect, &cb) == TREMORLAB_OK);
  EXPECT(tremorlab_detector_flush_cb(d, collect, &cb) == TREMORLAB_OK);
  EXPECT(cb.n >= 2);
  for (k = 0; k < cb.n; ++k) {
    const tremorlab_event* e = &cb.ev[k];
    printf("%-8s %-10s time %6.2f s  %.1f Hz  %.2f m/s^2  confidence %.2f\n", e->kind_name, e->label_name, e->time,
           e->frequency_hz, e->amplitude, e->confidence);
    /* a gap has no label (-1, ""); every other event names one */
    EXPECT(e->label == -1 ? e->label_name[0] == '\0' && strcmp(e->kind_name, "gap") == 0
                          : strcmp(e->label_name, tremorlab_label_name(e->label)) == 0);
    onsets += is_kind(e, "onset");
    offsets += is_kind(e, "offset");
    /* The added oscillation (>= 0.1 m/s^2) starts a third of the way in and ends two thirds in; the
       recording's own slight rest tremor (clinician-scored) may make a brief bout of a few cm/s^2 too. */
    if (is_kind(e, "onset") && e->amplitude >= 0.1) {
      ++big_onsets;
      EXPECT(e->time > t[n / 3] - 1.0 && e->time < t[n / 3] + 2.0);
      EXPECT(e->frequency_hz > 5.0 && e->frequency_hz < 7.0);
    }
    if (is_kind(e, "offset") && e->amplitude >= 0.1)
      EXPECT(e->time > t[2 * n / 3] - 2.0 && e->time < t[2 * n / 3] + 1.0);
  }
  EXPECT(big_onsets == 1 && onsets == offsets);
  EXPECT(is_kind(&cb.ev[0], "onset") && is_kind(&cb.ev[cb.n - 1], "offset"));

  /* The same stream through a 2-event out array, in 13-frame pushes, then drained: the same events. */
  EXPECT(tremorlab_detector_reset(d) == TREMORLAB_OK);
  for (i = 0; i < n; i += 13) {
    const size_t c = n - i < 13 ? n - i : 13;
    EXPECT(tremorlab_detector_push(d, xyz + 3 * i, c, t + i, arr, 2, &got) == TREMORLAB_OK);
    for (k = 0; k < got; ++k, ++total) EXPECT(total < cb.n && arr[k].time == cb.ev[total].time);
  }
  EXPECT(tremorlab_detector_flush(d, arr, 2, &got) == TREMORLAB_OK);
  for (k = 0; k < got; ++k, ++total) EXPECT(total < cb.n && arr[k].time == cb.ev[total].time);
  while (tremorlab_detector_pop_events(d, arr, 2, &got) == TREMORLAB_OK && got > 0) total += got;
  EXPECT(total == cb.n);
  EXPECT(tremorlab_detector_counters(d, &counters) == TREMORLAB_OK);
  EXPECT(counters.frames_accepted == n && counters.frames_rejected == 0);

  /* Error paths: nothing crashes, nothing of a rejected block is used. */
  {
    double bad[6] = {0, 0, 9.81, NAN, 0, 9.81}, ts[2] = {1e6, 1e6 - 1};
    EXPECT(tremorlab_detector_push(d, bad, 2, NULL, arr, 2, &got) == TREMORLAB_INVALID_INPUT);
    bad[3] = 0;
    EXPECT(tremorlab_detector_push(d, bad, 2, ts, arr, 2, &got) == TREMORLAB_TIMESTAMP_ERROR);
    EXPECT(strlen(tremorlab_last_error()) > 0);
    EXPECT(tremorlab_detector_push(NULL, bad, 2, NULL, arr, 2, &got) == TREMORLAB_INVALID_ARGUMENT);
    EXPECT(tremorlab_detector_push(d, NULL, 2, NULL, arr, 2, &got) == TREMORLAB_INVALID_ARGUMENT);
    EXPECT(tremorlab_detector_counters(d, &counters) == TREMORLAB_OK);
    EXPECT(counters.frames_accepted == n && counters.frames_rejected == 4);
    cfg.channels = 2;
    EXPECT(tremorlab_detector_create(&cfg, NULL) == TREMORLAB_INVALID_ARGUMENT);
    {
      tremorlab_detector* d2 = d;
      EXPECT(tremorlab_detector_create(&cfg, &d2) == TREMORLAB_INVALID_ARGUMENT && d2 == NULL);
    }
  }
  tremorlab_detector_destroy(d);
}

static void test_classify(size_t n) {
  tremorlab_classify_options o;
  size_t nw = 0, nc = 0, k, c;
  double* proba;
  int* labels;
  tremorlab_model* m = NULL;
  const char* name = NULL;
  EXPECT(tremorlab_classify_options_default(&o) == TREMORLAB_OK);
  EXPECT(tremorlab_classify(xyz, n, &o, NULL, NULL, NULL, 0, &nw, &nc) == TREMORLAB_BUFFER_TOO_SMALL);
  EXPECT(nw > 50 && nc >= 2);
  proba = (double*)malloc(nw * nc * sizeof(double));
  labels = (int*)malloc(nw * sizeof(int));
  EXPECT(tremorlab_classify(xyz, n, &o, proba, labels, NULL, nw, &nw, &nc) == TREMORLAB_OK);
  for (k = 0; k < nw; ++k) {
    double s = 0;
    for (c = 0; c < nc; ++c) s += proba[k * nc + c];
    EXPECT(fabs(s - 1.0) < 1e-9);
    EXPECT(tremorlab_label_name(labels[k]) != NULL);
  }
  EXPECT(tremorlab_model_default(&m) == TREMORLAB_OK);
  EXPECT(tremorlab_model_class_name(m, 0, &name) == TREMORLAB_OK && name != NULL);
  printf("classify: %zu windows, middle window: %s (model's first class: %s)\n", nw,
         tremorlab_label_name(labels[nw / 2]), name);
  tremorlab_model_destroy(m);
  EXPECT(tremorlab_classify(xyz, 10, &o, proba, labels, NULL, nw, &nw, &nc) == TREMORLAB_INVALID_INPUT);
  free(proba);
  free(labels);
}

int main(int argc, char** argv) {
  size_t n, i;
  const double pi = 3.14159265358979;
  if (argc < 2 || (n = load(argv[1])) < 1000) {
    fprintf(stderr, "usage: c_consumer <recording.csv> (could not read enough frames)\n");
    return 2;
  }
  for (i = n / 3; i < 2 * n / 3; ++i) xyz[3 * i] += 0.8 * sin(2 * pi * 6.0 * t[i]);
  printf("tremorlab %s (C ABI), %zu frames, %d labels, %d event kinds\n", tremorlab_version(), n,
         tremorlab_label_count(), tremorlab_event_kind_count());
  EXPECT(tremorlab_label_name(tremorlab_label_count()) == NULL);
  test_filter(n);
  test_detector(n);
  test_classify(n);
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  return failures ? 1 : 0;
}

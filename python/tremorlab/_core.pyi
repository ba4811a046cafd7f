"""
tremorlab C++ core (private; use the tremorlab package)
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['Classifier', 'DetectorCore', 'FeatureExtractor', 'SessionCore', 'batch_features', 'count_windows', 'detector_defaults', 'feature_names', 'hysteresis_defaults', 'labels', 'session_defaults']
class _StreamFilter64:
    def __init__(self, sos: typing.Any, channels: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def copy(self) -> _StreamFilter64:
        ...
    def get_state(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def init_steady_state(self, frame: typing.Any) -> None:
        ...
    def process(self, block: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def reset(self) -> None:
        ...
    def set_state(self, state: typing.Any) -> None:
        ...
    @property
    def channels(self) -> int:
        ...
    @property
    def sections(self) -> int:
        ...
class _StreamFilter32:
    def __init__(self, sos: typing.Any, channels: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def copy(self) -> _StreamFilter32:
        ...
    def get_state(self) -> numpy.typing.NDArray[numpy.float32]:
        ...
    def init_steady_state(self, frame: typing.Any) -> None:
        ...
    def process(self, block: typing.Any) -> numpy.typing.NDArray[numpy.float32]:
        ...
    def reset(self) -> None:
        ...
    def set_state(self, state: typing.Any) -> None:
        ...
    @property
    def channels(self) -> int:
        ...
    @property
    def sections(self) -> int:
        ...
class FeatureExtractor:
    """
    Per-window tremor features (one window at a time).
    """
    def __init__(self, fs: typing.SupportsFloat | typing.SupportsIndex = 100.0, window_s: typing.SupportsFloat | typing.SupportsIndex = 2.0, hop_s: typing.SupportsFloat | typing.SupportsIndex = 0.25, units: str = 'm/s^2', band_lo: typing.SupportsFloat | typing.SupportsIndex = 4.0, band_hi: typing.SupportsFloat | typing.SupportsIndex = 12.0) -> None:
        ...
    def compute(self, window: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def compute_pair(self, window: typing.Any, other: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def hop_samples(self) -> int:
        ...
    @property
    def no_rhythm_entropy(self) -> float:
        ...
    @property
    def window_samples(self) -> int:
        ...
class Classifier:
    """
    Standardisation + multinomial logistic regression or one-hidden-layer MLP (JSON model).
    """
    @staticmethod
    def default_model() -> Classifier:
        ...
    @staticmethod
    def from_json(json: str) -> Classifier:
        ...
    @staticmethod
    def load(path: str) -> Classifier:
        ...
    def decide(self, proba: typing.Any, amplitude: typing.Any = None, rhythm_hz: typing.Any = None, turn_deg_s: typing.Any = None, band_share: typing.Any = None) -> numpy.ndarray[typing.Any, numpy.dtype[typing.Any]]:
        """
        Window labels (str array) for probability rows in model order, the windows' band-passed RMS `amplitude` (m/s^2; None: not known, no floor) and their strongest rhythm `rhythm_hz` (Hz, the broad_peak_frequency feature; None: not known, no mimicked guard), posture `turn_deg_s` (deg/s, posture_turns; NaN or None: not known) and band share `band_share` (band_share_of_features; NaN or None: not known): the C++ decision, which may say 'shaking' (kind uncertain).
        """
    def explain(self, features: typing.Any, k: typing.SupportsInt | typing.SupportsIndex = 3, label: str | None = None) -> list:
        ...
    def predict(self, features: typing.Any) -> numpy.typing.NDArray[numpy.int64]:
        ...
    def predict_proba(self, features: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def to_json(self) -> str:
        ...
    @property
    def band(self) -> tuple[float, float]:
        ...
    @property
    def classes(self) -> list[str]:
        ...
    @property
    def decision(self) -> dict:
        """
        Thresholds of the window decision carried by the model (fallback defaults when it has none).
        """
    @property
    def feature_names(self) -> list[str]:
        ...
    @property
    def hop_s(self) -> float:
        ...
    @property
    def n_classes(self) -> int:
        ...
    @property
    def n_features(self) -> int:
        ...
    @property
    def provenance_json(self) -> str:
        ...
    @property
    def window_s(self) -> float:
        ...
class DetectorCore:
    """
    Streaming tremor detector (use tremorlab.Detector).
    """
    def __init__(self, fs: typing.SupportsFloat | typing.SupportsIndex, channels: typing.SupportsInt | typing.SupportsIndex, units: str, window_s: typing.SupportsFloat | typing.SupportsIndex, hop_s: typing.SupportsFloat | typing.SupportsIndex, enter_threshold: typing.SupportsFloat | typing.SupportsIndex, exit_threshold: typing.SupportsFloat | typing.SupportsIndex, min_on_s: typing.SupportsFloat | typing.SupportsIndex, min_off_s: typing.SupportsFloat | typing.SupportsIndex, jitter_tolerance: typing.SupportsFloat | typing.SupportsIndex, max_gap_s: typing.SupportsFloat | typing.SupportsIndex, mimicked_enter_threshold: typing.SupportsFloat | typing.SupportsIndex, event_capacity: typing.SupportsInt | typing.SupportsIndex = 64, model_json: str | None = None, hysteresis: dict = {}, second_sensor: bool = False) -> None:
        ...
    def counters(self) -> dict:
        ...
    def flush(self) -> list:
        ...
    def latest(self) -> dict:
        ...
    def latest_features(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def explain_latest(self, k: typing.SupportsInt | typing.SupportsIndex = 3) -> list:
        ...
    def memory_bytes(self) -> int:
        ...
    def push(self, samples: typing.Any, t: typing.Any = None) -> list:
        ...
    def reset(self) -> None:
        ...
    def state_bytes(self) -> int:
        ...
    @property
    def channels(self) -> int:
        ...
    @property
    def classes(self) -> list[str]:
        ...
    @property
    def hop_s(self) -> float:
        ...
    @property
    def hop_samples(self) -> int:
        ...
    @property
    def in_bout(self) -> bool:
        ...
    @property
    def window_samples(self) -> int:
        ...
class SessionCore:
    """
    Shaking session on top of the detector (use tremorlab.Session).
    """
    def __init__(self, fs: typing.SupportsFloat | typing.SupportsIndex, channels: typing.SupportsInt | typing.SupportsIndex, units: str, window_s: typing.SupportsFloat | typing.SupportsIndex, hop_s: typing.SupportsFloat | typing.SupportsIndex, enter_threshold: typing.SupportsFloat | typing.SupportsIndex, exit_threshold: typing.SupportsFloat | typing.SupportsIndex, min_on_s: typing.SupportsFloat | typing.SupportsIndex, min_off_s: typing.SupportsFloat | typing.SupportsIndex, jitter_tolerance: typing.SupportsFloat | typing.SupportsIndex, max_gap_s: typing.SupportsFloat | typing.SupportsIndex, mimicked_enter_threshold: typing.SupportsFloat | typing.SupportsIndex, model_json: str | None, first_session: bool, body_axis: typing.Annotated[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], "FixedSize(3)"] | None, session: dict = {}, hysteresis: dict = {}, second_sensor: bool = False) -> None:
        ...
    def counters(self) -> dict:
        ...
    def flush(self) -> list:
        ...
    def latest(self) -> dict:
        ...
    def latest_features(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def explain_latest(self, k: typing.SupportsInt | typing.SupportsIndex = 3) -> list:
        ...
    def memory_bytes(self) -> int:
        ...
    def push(self, samples: typing.Any, t: typing.Any = None) -> list:
        ...
    def reset(self) -> None:
        ...
    def run(self, samples: typing.Any, t: typing.Any = None) -> dict:
        """
        tremorlab::run_session: pushes the samples, flushes, and returns every window's row (as classify_recording's, times on the stream clock; plus segment) and the events.
        """
    def summary_json(self) -> str:
        ...
    @property
    def model(self) -> Classifier:
        ...
def _band_power(f: typing.Any, Pxx: typing.Any, f1: typing.SupportsFloat | typing.SupportsIndex, f2: typing.SupportsFloat | typing.SupportsIndex) -> numpy.ndarray[typing.Any, numpy.dtype[typing.Any]]:
    """
    Band power of each row of a (rows, nfreq) PSD. Use tremorlab.band_power.
    """
def _butter(order: typing.SupportsInt | typing.SupportsIndex, wn: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], btype: str, analog: bool, output: str, fs: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
    ...
def _get_window(window: str, Nx: typing.SupportsInt | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.float64]:
    """
    Periodic window (hann, hamming, blackman, boxcar). Use tremorlab.get_window.
    """
def _peak_frequency(f: typing.Any, Pxx: typing.Any, f1: typing.SupportsFloat | typing.SupportsIndex, f2: typing.SupportsFloat | typing.SupportsIndex) -> tuple:
    """
    Peak frequency and power of each row of a (rows, nfreq) PSD. Use tremorlab.peak_frequency.
    """
def _sosfilt(sos: typing.Any, x: numpy.ndarray[typing.Any, numpy.dtype[typing.Any]], zi: typing.Any = None, workers: typing.SupportsInt | typing.SupportsIndex = 1) -> tuple:
    ...
def _sosfilt_zi(sos: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
    ...
def _sosfiltfilt(sos: typing.Any, x: numpy.ndarray[typing.Any, numpy.dtype[typing.Any]], padtype: typing.SupportsInt | typing.SupportsIndex, padlen: typing.SupportsInt | typing.SupportsIndex, workers: typing.SupportsInt | typing.SupportsIndex = 1) -> numpy.ndarray[typing.Any, numpy.dtype[typing.Any]]:
    ...
def _welch(x: typing.Any, fs: typing.SupportsFloat | typing.SupportsIndex, window: typing.Any, nperseg: typing.SupportsInt | typing.SupportsIndex, noverlap: typing.SupportsInt | typing.SupportsIndex, nfft: typing.SupportsInt | typing.SupportsIndex, detrend: typing.Any, return_onesided: bool, scaling: str, average: str) -> tuple:
    """
    Welch PSD of each row of a C-contiguous float64 (channels, n) array -> (f, Pxx (channels, nfreq)). nperseg/nfft 0 and noverlap < 0 mean the defaults. Use tremorlab.welch.
    """
def band_share_of_features(X: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
    """
    Tremor-band share of the 0.5-20 Hz movement power of each feature row (rel_band_power, FeatureExtractor::band_share_of): the band_share decide() takes, for callers that kept only features.
    """
def band_rms_of_features(X: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
    """
    Band-passed RMS acceleration (m/s^2) of each feature row, from its log_band_power (FeatureExtractor::band_rms_of): the amplitude decide() takes, for callers that kept only features.
    """
def no_rhythm_entropy(fs: typing.SupportsFloat | typing.SupportsIndex = 100.0, window_s: typing.SupportsFloat | typing.SupportsIndex = 2.0) -> float:
    """
    The spectral_entropy above which a window analysed at `fs` (Hz) with `window_s` (s) has no rhythm: no_rhythm_bandwidth_hz in that analysis' bins (0.87 at the default analysis; above 1, never, when the spectrum holds too few bins, e.g. at 25 Hz).
    """
def rhythm_of_features(X: typing.Any, fs: typing.SupportsFloat | typing.SupportsIndex = 100.0, window_s: typing.SupportsFloat | typing.SupportsIndex = 2.0) -> numpy.typing.NDArray[numpy.float64]:
    """
    Shaking rhythm (Hz) of each feature row, its broad_peak_frequency, or 0 when the row has none (spectral_entropy above no_rhythm_entropy(fs, window_s), or a rhythm slower than 3 Hz with under a quarter of the movement power in the tremor band: a slower movement's harmonics; FeatureExtractor::rhythm_of): the rhythm_hz decide() takes, for callers that kept only features of windows analysed at `fs` with `window_s`.
    """
def shaking_frequency(dominant_hz: typing.Any, rhythm_hz: typing.Any, band_lo_hz: typing.SupportsFloat | typing.SupportsIndex = 4.0) -> numpy.typing.NDArray[numpy.float64]:
    """
    Frequency (Hz) of each window's shaking as events and bouts report it (FeatureExtractor::shaking_frequency): its dominant frequency in the band, or its rhythm when that is a tremor slower than the band (3 Hz to band_lo_hz) and the in-band peak is only that rhythm's flank or 2nd or 3rd harmonic.
    """
def batch_features(acc: typing.Any, fs: typing.SupportsFloat | typing.SupportsIndex, window_s: typing.SupportsFloat | typing.SupportsIndex, hop_s: typing.SupportsFloat | typing.SupportsIndex, units: str = 'm/s^2', band_lo: typing.SupportsFloat | typing.SupportsIndex = 4.0, band_hi: typing.SupportsFloat | typing.SupportsIndex = 12.0, other: typing.Any = None, workers: typing.SupportsInt | typing.SupportsIndex = 1) -> tuple[numpy.typing.NDArray[numpy.float64], int, int]:
    """
    Features of every full window: returns (features (n_windows, n_features), window_frames, hop_frames). other: an optional second sensor (same shape) for the inter-sensor coherence; workers: threads.
    """
def classify_recording(acc: typing.Any, fs: typing.SupportsFloat | typing.SupportsIndex, units: str, model: Classifier, window_s: typing.SupportsFloat | typing.SupportsIndex = 0.0, hop_s: typing.SupportsFloat | typing.SupportsIndex = 0.0, other: typing.Any = None, workers: typing.SupportsInt | typing.SupportsIndex = 1) -> dict:
    """
    tremorlab::classify_recording: features, probabilities, label indices and window times (start, end, centre relative to the first frame) of every full window; window_s/hop_s <= 0: the model's.
    """
def count_windows(frames: typing.SupportsInt | typing.SupportsIndex, window: typing.SupportsInt | typing.SupportsIndex, hop: typing.SupportsInt | typing.SupportsIndex) -> int:
    ...
def decide(proba: typing.Any, config: typing.Any = None, amplitude: typing.Any = None, rhythm_hz: typing.Any = None, turn_deg_s: typing.Any = None, band_share: typing.Any = None) -> numpy.ndarray[typing.Any, numpy.dtype[typing.Any]]:
    """
    Window labels (str array) of probability rows (n, 4) in the order rest, voluntary, tremor, mimicked, by the C++ decision rule (tremorlab::decide) with `config` (a mapping of DecisionConfig fields; None or missing fields: the fallback defaults) and `amplitude` (n,) the windows' band-passed RMS in m/s^2 (None: not known, neither the min_amplitude floor nor the mimicked_max_amplitude guard is applied; above mimicked_max_amplitude a window is not mimicked, only shaking) and `rhythm_hz` (n,) their strongest rhythm in Hz, rhythm_of_features (0: none, never shaking; None: not known, neither the mimicked_min_rhythm_hz guard nor the no-rhythm rule is applied; 8 Hz or more: the floor is at least 24.7 mg, still_hand_floor) and `turn_deg_s` (n,) their posture, posture_turns (deg/s; NaN or None: not known, no posture rule; above tremor_max_turn_deg_s a window is not tremor, only shaking) and `band_share` (n,) their tremor-band share of the movement power, band_share_of_features (0..1; NaN or None: not known; below mimicked_min_band_share a window is not mimicked, only shaking).
    """
def decision_defaults() -> dict:
    """
    The fallback thresholds of the window decision (DecisionConfig defaults; decision.hpp).
    """
def feature_names() -> list[str]:
    """
    Feature names in output order.
    """
def find_gaps(t: numpy.typing.ArrayLike, max_gap_s: typing.SupportsFloat | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.int64]:
    """
    Indices i with t[i + 1] - t[i] > max_gap_s: the detector's gap rule (tremorlab::find_gaps).
    """
def detector_defaults() -> dict[str, float]:
    """Defaults of the detector settings tremorlab.Detector takes as keywords (from DetectorConfig)."""
def session_defaults() -> dict[str, float]:
    """Defaults of the session settings tremorlab.Session takes as keywords (from SessionConfig)."""
def posture_turns(acc: typing.Any, window_frames: typing.SupportsInt | typing.SupportsIndex, hop_frames: typing.SupportsInt | typing.SupportsIndex, fs: typing.SupportsFloat | typing.SupportsIndex, units: str = 'm/s^2', hold_s: typing.SupportsFloat | typing.SupportsIndex = 2.0) -> numpy.typing.NDArray[numpy.float64]:
    """
    The window decision's posture (tremorlab::posture_turns): for every full window of `acc` (n, 3) (window_frames frames every hop_frames at fs Hz), the largest 1 s turn of gravity's direction (each window's Hann-weighted mean, detail::PostureMean) of the windows of the last hold_s (2 s; 0: each window's own turn), deg/s; NaN where none is known. What decide(turn_deg_s=...) takes, as classify and the Detector compute it.
    """
def hysteresis_defaults() -> dict:
    """
    Default values of the detector's hysteresis gates that tremorlab.Detector(hysteresis=...) accepts.
    """
def parse_units(units: str) -> str:
    """
    Canonical spelling ('m/s^2' or 'g') of a unit spelling; ValueError for an unknown one.
    """
def window_times(n_windows: typing.SupportsInt | typing.SupportsIndex, window_frames: typing.SupportsInt | typing.SupportsIndex, hop_frames: typing.SupportsInt | typing.SupportsIndex, fs: typing.SupportsFloat | typing.SupportsIndex) -> tuple:
    """
    (start, end, centre) of batch windows 0..n_windows-1, s from the first frame (tremorlab::window_times).
    """
def labels() -> list[str]:
    """
    Every label a window, bout or event can get (rest, voluntary, tremor, mimicked, shaking), from the C++ core.
    """
__version__: str = '0.1.0'
default_max_gap_s: float = 0.2
rate_tolerance: float = 0.05
default_window_s: float = 2.0
default_hop_s: float = 0.25
default_band: tuple[float, float] = (4.0, 12.0)
max_hidden_units: int = 128
no_rhythm_bandwidth_hz: float = 11.142229
standard_gravity: float
posture_hold_s: float = 2.0

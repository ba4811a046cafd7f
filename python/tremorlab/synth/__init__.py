"""Literature-grounded synthetic tri-axial accelerometer recordings (m/s^2, gravity included).

Four movement classes, whose parameter ranges come from the tremor literature and from the real recordings in
the shared data folder (full table with sources: ``docs/synthetic_model.md``; ``PARAM_RANGES`` below):

``'rest'``
    Stillness, supported (lap, table) or held against gravity (phone in the hand, outstretched arm): sensor
    noise, physiological tremor as a linear stochastic resonance (supported ~0.01 m/s^2; held log-normal around
    0.069 m/s^2 RMS, 0.0015-0.035 g peak: Wade, Gresty & Findley 1982), mechanical 6-12 Hz (Lakie 2015) lowered
    by a device's inertia, central 8-12 Hz; slow drift (held: a few degrees) and postural sway.
``'voluntary'``
    One or two of: walking (step rate 1.6-2.2 Hz with harmonics), reaching/gestures (minimum-jerk movements,
    Flash & Hogan 1985), standing bounce (1.5-3 Hz), posture changes (minimum-jerk rotations of gravity), and
    everyday rhythmic activities: jogging, tooth brushing, clapping, stirring, typing.
``'tremor'``
    Involuntary tremor of three types (``TREMOR_TYPES``): parkinsonian (3.5-7.5 Hz, less stable, waxing and
    intermittent), essential (4-12 Hz, more stable) and enhanced physiological / fatigue (7-12 Hz, stochastic),
    with cycle-to-cycle period variability, frequency drift, envelope modulation and waning episodes re-derived
    from published measurements (di Biase et al. Brain 2017 tremor stability index; Malling et al. 2019;
    Lippold 1981) and checked against the real tremor windows of PADS. Contexts: held posture, rest, slow
    voluntary movement, leg shaking during wall sit / bridge / lunge.
``'mimicked'``
    Voluntary rhythmic oscillation, of which wilful imitation of tremor is one kind: f0 3-8.5 Hz, cycle jitter,
    frequency drift, amplitude-frequency covariation, pauses, weaker harmonics (nearer a sine than real
    tremor, as the real recordings are), larger amplitude; ranges
    grounded in the real imitation recordings of the phone train pool.

Tremor and imitation overlap (frequency, amplitude, and - in real data - regularity too): the generator does
not draw a line through real tremor. Where the evidence does not separate them, the decision rule says
``shaking`` (kind uncertain). Parameter table with sources: ``params.py`` and ``docs/synthetic_model.md``.

Modules: ``params`` (ranges and their sources), ``signals`` (continuous-time random building blocks),
``classes`` (one renderer per class), ``render`` (segments, posture, sensor; ``generate``/``session``),
``inject`` (a bout on a real recording), ``subjects`` (synthetic subjects and datasets).

Every random process is defined in continuous time (sums of random sinusoids, cycle boundaries on a time axis),
so the same seed gives the same movement at any sampling rate from 25 to 1000 Hz; only the white sensor noise
depends on the sample count. tremorlab classifies movement; nothing here models or implies a diagnosis.
"""
from __future__ import annotations

from .inject import inject
from .params import GRAVITY, KINDS, PARAM_RANGES, TREMOR_TYPES
from .render import SynthRecording, default_plan, generate, session
from .subjects import dataset, subject_params

__all__ = [
    "KINDS",
    "GRAVITY",
    "PARAM_RANGES",
    "TREMOR_TYPES",
    "SynthRecording",
    "generate",
    "session",
    "default_plan",
    "dataset",
    "subject_params",
    "inject",
]

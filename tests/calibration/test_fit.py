"""calibrate() on synthetic runs made by the engine itself with known efficiencies: the fit
recovers them; what the runs cannot tell is reported so; one evaluation per group of runs."""

import dataclasses

import numpy as np
import pytest

import whatif.engine.calibration_model as model
from tests.helpers import scenario, shipped_profiles
from whatif.engine.calibrate import calibrate
from whatif.engine.calibration_model import predict, trial_profile
from whatif.engine.errors import InputError
from whatif.engine.measurements import Measurement

TRUTH = {"inference_compute": 0.45, "inference_memory": 0.65, "step_overhead_ms": 3.0}


def run(n, **kw):
    base = dict(
        hardware="h100-sxm",
        devices=1,
        params=8.03e9,
        precision="fp8",
        layers=32,
        hidden_size=4096,
        kv_heads=8,
        prompt_tokens=1024,
        output_tokens=256,
    )
    return Measurement(f"synthetic.csv:{n}", **{**base, **kw})


def measured_by(truth, runs):
    """The runs with the figures the engine gives under ``truth`` (their "measurements")."""
    profile = trial_profile(shipped_profiles()["h100-sxm"], truth, runs)
    figures = predict(profile, runs, scenario())
    return [
        dataclasses.replace(m, **{k: v for k, v in f.items() if k in m.measured()})
        for m, f in zip(runs, figures, strict=True)
    ]


def sweep():
    """Concurrency 1-256 at short and long prompts, every serving figure measured."""
    runs = [
        run(i, concurrency=c, prompt_tokens=p, output_tokens_per_s=1, ttft_ms=1, tpot_ms=1)
        for i, (c, p) in enumerate([(c, p) for c in (1, 8, 64, 256) for p in (128, 2048)])
    ]
    return measured_by(TRUTH, runs)


def test_recovers_known_efficiencies_from_a_concurrency_sweep():
    fit = calibrate(shipped_profiles()["h100-sxm"], sweep(), scenario())
    got = {p.name: p.after for p in fit.parameters}
    assert got == pytest.approx(TRUTH, rel=1e-4)
    assert all(
        p.fitted and p.uncertainty is not None and p.uncertainty < 1e-4 for p in fit.parameters
    )
    assert fit.rms_log_error("before") > 0.3 and fit.rms_log_error("after") < 1e-6
    assert fit.profile.efficiency.inference_memory == pytest.approx(0.65, rel=1e-4)
    assert fit.profile.max_devices_per_replica == 8  # the trial's raised limit is not kept
    assert len(fit.points) == 24  # 8 runs x 3 figures, each with its error before and after


def test_noise_gives_an_honest_uncertainty():
    rng = np.random.default_rng(7)
    noisy = [
        dataclasses.replace(
            m, **{k: v * np.exp(rng.normal(0, 0.05)) for k, v in m.measured().items()}
        )
        for m in sweep()
    ]
    fit = calibrate(shipped_profiles()["h100-sxm"], noisy, scenario())
    for p in fit.parameters:
        assert p.uncertainty > 0
        assert abs(p.after - TRUTH[p.name]) < 4 * p.uncertainty + 1e-9, p


def test_training_runs_fit_mfu_by_hand():
    """tokens/s = devices x peak x MFU / (6 N): 64 H100s at 989 TFLOP/s bf16 and 0.31 MFU
    training a 7B model run 64 x 989e12 x 0.31 / 42e9 = 467,170 tokens/s."""
    measured = 64 * 989e12 * 0.31 / (6 * 7e9)
    runs = [
        Measurement(
            "t.csv:2",
            hardware="h100-sxm",
            devices=64,
            params=7e9,
            precision="bf16",
            training_tokens_per_s=measured,
        )
    ]
    fit = calibrate(shipped_profiles()["h100-sxm"], runs, scenario())
    [mfu] = fit.parameters
    assert mfu.name == "train_mfu" and mfu.after == pytest.approx(0.31, rel=1e-6)
    assert mfu.uncertainty is None  # one run, one parameter: no residual to scale by
    assert fit.points[0].error_before == pytest.approx(0.40 / 0.31 - 1)


def test_a_parameter_the_runs_do_not_move_is_kept_and_said():
    """Decode at concurrency 1 with no TTFT measured is memory-bound: compute is unknown."""
    runs = measured_by(
        TRUTH,
        [run(i, concurrency=1, output_tokens=o, tpot_ms=1) for i, o in enumerate((64, 512, 1024))],
    )
    fit = calibrate(shipped_profiles()["h100-sxm"], runs, scenario())
    compute = next(p for p in fit.parameters if p.name == "inference_compute")
    assert not compute.fitted and compute.after == 0.6
    assert compute.note == "not determined by these runs"


def test_one_engine_evaluation_per_group_not_per_run(monkeypatch):
    runs = sweep()
    calls = []
    real = model.evaluate
    monkeypatch.setattr(model, "evaluate", lambda s: calls.append(s.shape) or real(s))
    predict(shipped_profiles()["h100-sxm"], runs, scenario())
    assert calls == [(8,)]


def test_runs_on_other_hardware_are_skipped_and_incomplete_runs_refused():
    other = run(9, hardware="h200-sxm", concurrency=4, tpot_ms=10)
    fit = calibrate(shipped_profiles()["h100-sxm"], [*sweep(), other], scenario())
    assert fit.skipped == [(other, "measured on h200-sxm, not h100-sxm")]
    incomplete = Measurement(
        "mine.csv:4",
        hardware="h100-sxm",
        params=7e9,
        precision="fp8",
        prompt_tokens=10,
        output_tokens=10,
        tpot_ms=20,
    )
    with pytest.raises(InputError) as info:
        calibrate(shipped_profiles()["h100-sxm"], [incomplete], scenario())
    assert str(info.value) == "mine.csv:4: devices: not in the file: give --devices"


def test_warns_when_the_scenario_is_far_outside_the_runs():
    fit = calibrate(shipped_profiles()["h100-sxm"], sweep(), scenario(**{"model.params": 70e9}))
    assert any(
        "model size (70B parameters) is outside the measured 8.03B-8.03B" in w for w in fit.warnings
    )
    long = scenario(**{"model.params": 8.03e9, "model.prompt_tokens": 32000})
    fit = calibrate(shipped_profiles()["h100-sxm"], sweep(), long)
    assert [w for w in fit.warnings if "prompt length" in w] == [
        "the scenario's prompt length (32k tokens) is outside the measured 128-2.05k: "
        "the fit extrapolates there"
    ]
    near = scenario(**{"model.params": 8.03e9, "model.prompt_tokens": 1000})
    assert calibrate(shipped_profiles()["h100-sxm"], sweep(), near).warnings == []

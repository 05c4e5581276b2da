"""The held-out splits of the shipped measurement sets; ``python -m tests.calibration.held_out``
prints each held-out run's error before and after calibration."""

from __future__ import annotations

from tests.helpers import ROOT, scenario, shipped_profiles
from whatif.engine.calibrate import calibrate
from whatif.engine.calibration_model import predict
from whatif.engine.measurement_formats import read_measurement_file

SETS = ROOT / "resources" / "measurements"
MLPERF = SETS / "mlperf_llama2_70b.csv"
TRTLLM = SETS / "trtllm_llama31.csv"
MLPERF_SYSTEMS = [
    ("h100-sxm", "v4.1"),
    ("h100-sxm", "v5.0"),
    ("h200-sxm", "v4.1"),
    ("h200-sxm", "v5.0"),
    ("mi300x", "v4.1"),
    ("b200", "v5.0"),
]


def held_out_errors(pid, path, use, fit_on, parameters):
    """(errors before, errors after, held-out runs): relative errors of output tokens/s of
    the runs ``use`` keeps but ``fit_on`` does not, before and after fitting on the others."""
    profile = shipped_profiles()[pid]
    runs = [m for m in read_measurement_file(path)[0] if m.hardware == pid and use(m)]
    fit = [m for m in runs if fit_on(m)]
    held = [m for m in runs if not fit_on(m)]
    result = calibrate(profile, fit, scenario(), parameters)
    errors = []
    for p in (profile, result.profile):
        figures = predict(p, held, scenario())
        errors.append(
            [
                f["output_tokens_per_s"] / m.output_tokens_per_s - 1
                for m, f in zip(held, figures, strict=True)
            ]
        )
    return errors[0], errors[1], held


def mlperf_server_from_offline(pid, round_):
    before, after, _ = held_out_errors(
        pid,
        MLPERF,
        lambda m: m.label.startswith(f"MLPerf {round_} "),
        lambda m: "Offline" in m.label,
        ["inference_compute"],
    )
    return before[0], after[0]


def trtllm_split(pid, parameters):
    """H100: fit on equal input/output rows, hold out the others; H200: the reverse (its
    two 8B rows of each kind)."""
    if pid == "h100-sxm":

        def fit_on(m):
            return m.prompt_tokens == m.output_tokens
    else:

        def fit_on(m):
            return m.prompt_tokens != m.output_tokens

    before, after, _ = held_out_errors(pid, TRTLLM, lambda m: True, fit_on, parameters)
    return before, after


def main() -> None:
    print("MLPerf Llama-2-70B: fit inference_compute on Offline, predict Server (held out)")
    for pid, round_ in MLPERF_SYSTEMS:
        before, after = mlperf_server_from_offline(pid, round_)
        print(f"  {round_} {pid:<9} Server  before {before:+.1%}  after {after:+.1%}")
    for pid, parameters, what in (
        ("h100-sxm", None, "fit all serving parameters on 128/128 and 2048/2048"),
        ("h200-sxm", ["inference_compute"], "fit inference_compute on 128/2048 and 2048/128"),
    ):
        fit_on = (
            (lambda m: m.prompt_tokens == m.output_tokens)
            if pid == "h100-sxm"
            else (lambda m: m.prompt_tokens != m.output_tokens)
        )
        before, after, held = held_out_errors(pid, TRTLLM, lambda m: True, fit_on, parameters)
        print(f"TensorRT-LLM {pid}: {what}; held out:")
        for m, b, a in zip(held, before, after, strict=True):
            print(f"  {m.label:<32} before {b:+.1%}  after {a:+.1%}")


if __name__ == "__main__":
    main()

"""Held-out checks on the shipped measurement sets (resources/measurements/): fit on part of
a set, predict the rest. The figures (README, Calibrate to your measurements) come from
``python -m tests.calibration.held_out``, which runs these same splits."""

import numpy as np
import pytest

from tests.calibration.held_out import MLPERF_SYSTEMS, mlperf_server_from_offline, trtllm_split


@pytest.mark.parametrize("pid, round_", MLPERF_SYSTEMS)
def test_mlperf_server_predicted_from_offline_within_15_percent(pid, round_):
    """Fit compute efficiency on a system's Offline result, predict its Server result (held
    to p99 TTFT 2 s and TPOT 200 ms)."""
    _, after = mlperf_server_from_offline(pid, round_)
    assert abs(after) <= 0.15


def test_mlperf_calibration_halves_the_server_error_overall():
    errors = np.array([mlperf_server_from_offline(pid, r) for pid, r in MLPERF_SYSTEMS])
    before, after = np.abs(errors).mean(axis=0)
    assert before == pytest.approx(0.156, abs=0.01) and after <= 0.08


def test_trtllm_h100_rows_of_unequal_lengths_from_the_equal_ones():
    """Fit the three serving parameters on 128/128 and 2048/2048 rows (every tensor degree),
    predict the 128/2048 and 2048/128 rows: mean error within 25%, lower than before."""
    before, after = trtllm_split("h100-sxm", None)
    assert len(after) == 8
    assert np.abs(after).mean() <= 0.25
    assert np.abs(after).mean() < np.abs(before).mean()


def test_trtllm_h200_equal_lengths_from_unequal_within_10_percent():
    before, after = trtllm_split("h200-sxm", ["inference_compute"])
    assert np.abs(after).max() <= 0.10 and np.abs(after).mean() < np.abs(before).mean()

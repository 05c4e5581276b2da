"""`whatif montecarlo` at any size: distributions on any input from --range, the probability
that serving overtakes training in the JSON, a CSV streamed chunk by chunk, a sample count
bounded with one line, and a progress bar only where a person watches a terminal."""

import io
import json
import os
import sys

import pytest

from tests.helpers import SCENARIO_DIR
from whatif.engine import uncertainty
from whatif.gui import cli_progress
from whatif.gui.cli import main
from whatif.gui.cli_progress import ProgressBar

CHATBOT = str(SCENARIO_DIR / "chatbot.yaml")
GENERATOR = str(SCENARIO_DIR / "image_generator.yaml")


def test_any_input_takes_a_distribution_and_the_json_says_how_likely_serving_overtakes(
    capsys,
):
    argv = ["montecarlo", GENERATOR, "--samples", "3000"]
    argv += ["--range", "model.output_tokens=triangular:1:1:3"]
    argv += ["--range", "training.mfu=normal:0.4:0.05", "--range", "training.goodput=0.9:1.1"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ranges"]["model.output_tokens"] == {
        "kind": "triangular",
        "low": 1.0,
        "mode": 1.0,
        "high": 3.0,
    }
    assert data["ranges"]["training.goodput"] == [0.9, 1.1]  # today's meaning and form
    p = data["p_serving_overtakes_training"]
    assert 0 < p < 1  # this demo crosses at month ~32 of 36: some draws never do
    assert data["summary"] == (
        f"P(serving overtakes training within the 36-month horizon) = {p * 100:.1f}%"
    )
    cost = data["histograms"]["lifecycle.horizon_cost_usd"]
    assert sum(cost["counts"]) == 3000 and len(cost["edges"]) == len(cost["counts"]) + 1
    assert set(data["histograms"]) >= {
        "inference.cost_per_1k_queries_usd",
        "inference.latency_p99_s",
        "lifecycle.crossover_month",
    }


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--samples", "5000001"], ["--samples", "at most 5,000,000"]),
        (["--range", "training.mfu=uniform:0.6:0.2"], ["training.mfu", "above the high end"]),
        (["--range", "training.mfu=triangular:0.2:0.9:0.6"], ["training.mfu", "mode"]),
        (["--range", "training.mfu=weibull:1:2"], ["training.mfu", "unknown distribution"]),
        (["--range", "training.mfu=uniform:0.2:1.5"], ["training.mfu", "largest valid"]),
    ],
)
def test_refusals_are_one_line(capsys, extra, words):
    assert main(["montecarlo", CHATBOT, *extra]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and all(w in err[0] for w in words), err


def test_csv_is_streamed_chunk_by_chunk_and_equals_one_block(capsys, monkeypatch):
    argv = ["montecarlo", CHATBOT, "--samples", "25", "--csv"]
    assert main(argv) == 0
    whole = capsys.readouterr().out
    monkeypatch.setattr(uncertainty, "CHUNK", 7)
    written = []
    real = uncertainty.evaluate
    monkeypatch.setattr(
        uncertainty, "evaluate", lambda s: (written.append(len(sys.stdout.getvalue())), real(s))[1]
    )
    assert main(argv) == 0
    chunked = capsys.readouterr().out
    assert chunked == whole and len(chunked.splitlines()) == 26
    assert len(written) == 4 and written[1] > written[0]  # rows out before the next chunk


def test_progress_bar_draws_on_a_terminal_and_ends_with_a_newline(monkeypatch):
    clock = iter([0.0, 0.5, 1.5, 1.55, 2.0, 3.0]).__next__

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    bar = ProgressBar("Monte Carlo", "samples", stream=stream, clock=clock)
    bar(100, 400)  # 0.5 s: too soon, nothing
    assert stream.getvalue() == ""
    bar(200, 400)  # 1.5 s: a bar
    bar(250, 400)  # 1.55 s: within the redraw interval, skipped
    bar(300, 400)
    bar(400, 400)
    lines = stream.getvalue().split("\r")[1:]
    assert len(lines) == 3
    assert lines[0].startswith("Monte Carlo  50% [###############...............] 200/400")
    assert "1 s left" in lines[1] and lines[-1].endswith("\n") and "100%" in lines[-1]


def test_progress_goes_to_a_real_terminal_and_nowhere_else(capsys, monkeypatch):
    monkeypatch.setattr(cli_progress, "DELAY", 0.0)
    argv = ["montecarlo", CHATBOT, "--samples", "30"]
    assert main(argv) == 0
    assert capsys.readouterr().err == ""  # stderr is not a terminal: silent
    master, slave = os.openpty()
    with os.fdopen(slave, "w") as tty:
        monkeypatch.setattr(sys, "stderr", tty)
        assert main(argv) == 0
        tty.flush()
    shown = os.read(master, 4096).decode()
    os.close(master)
    assert "Monte Carlo 100% [" in shown and "30/30 samples" in shown
    json.loads(capsys.readouterr().out)  # the JSON on stdout stays clean

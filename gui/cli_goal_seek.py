"""``whatif goal-seek SCENARIO --target KEY=VALUE --vary KEY``: the value of one input that
makes one result hit a target (engine/goal_seek.py). Exit 0 when reached, 1 when no value
in the input's range reaches it (the reason on stderr, or in the JSON), 2 on bad input."""

from __future__ import annotations

import json
import math
import sys

from whatif.engine.errors import InputError, LoadError
from whatif.engine.goal_seek import GoalSeek, goal_seek, plain, result_unit
from whatif.engine.scenario import spec_for

from .number_text import parse_number

EXIT_UNREACHABLE = 1


def add_parser(sub) -> None:
    """Add the ``goal-seek`` command to the CLI's subparsers."""
    from .cli import _add_overrides

    gs = sub.add_parser(
        "goal-seek",
        help="the value of one input that makes one result hit a target (exit 1 when none "
        "in the input's range does)",
    )
    gs.add_argument("scenario", help="scenario YAML file")
    gs.add_argument(
        "--target",
        required=True,
        metavar="KEY=VALUE",
        help="result key and the value to reach, in the engine's units (USD, s, fraction, "
        "months): inference.cost_per_1k_queries_usd=0.5, lifecycle.crossover_month=12, "
        "quality.mean_accuracy=80%%",
    )
    gs.add_argument(
        "--vary",
        required=True,
        metavar="KEY",
        help="the input to change, e.g. inference.queries_per_day, "
        "economics.serving_usd_per_device_hour, pruning.ratio",
    )
    gs.add_argument(
        "--within",
        metavar="LOW:HIGH",
        help="search only this part of the input's range (default: all of it)",
    )
    gs.add_argument("--json", action="store_true", help="print the answer as JSON")
    _add_overrides(gs, "override a value first")


def _bad(option: str, message: str) -> InputError:
    return InputError([LoadError(option, 0, "", message)])


def parse_target(text: str) -> tuple[str, float]:
    """``"inference.cost_per_1k_queries_usd=$0.50"`` -> ``(key, 0.5)``; ``80%`` is 0.8."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise _bad("--target", f"expected KEY=VALUE (got {text!r})")
    try:
        result_unit(key)
    except ValueError as exc:
        raise _bad("--target", str(exc)) from None
    value = parse_number(raw)
    if value is None:
        raise _bad("--target", f"{key}: not a number: {raw!r}")
    return key, value


def parse_within(text: str | None) -> tuple[float, float] | None:
    """``"1e5:1e7"`` -> ``(1e5, 1e7)``; None for no limit."""
    if text is None:
        return None
    low, sep, high = text.partition(":")
    bounds = parse_number(low), parse_number(high)
    if not sep or None in bounds or not bounds[0] < bounds[1]:
        raise _bad("--within", f"expected LOW:HIGH with LOW < HIGH (got {text!r})")
    return bounds


def answer_dict(answer: GoalSeek) -> dict:
    """The answer as plain JSON data (non-finite numbers as null)."""

    def finite(value):
        return value if value is not None and math.isfinite(value) else None

    return {
        "reached": answer.reached,
        "target": answer.target_key,
        "target_value": answer.target_value,
        "vary": answer.vary_key,
        "value": finite(answer.value),
        "achieved": finite(answer.achieved),
        "reason": answer.reason,
        "bounds": list(answer.bounds),
        "lowest": finite(answer.lowest),
        "highest": finite(answer.highest),
    }


def answer_text(answer: GoalSeek) -> str:
    """``"Serving price = $5.208/h gives serving cost per 1,000 queries = $0.5"``."""
    spec = spec_for(answer.vary_key)
    unit = result_unit(answer.target_key)
    return (
        f"{spec.label or answer.vary_key} = {plain(answer.value, spec.unit)} gives "
        f"{answer.target_key} = {plain(answer.achieved, unit)}"
    )


def run(args, scenario_with_overrides) -> int:
    """Run ``goal-seek`` on parsed ``args``; returns the exit status."""
    from .cli import _say

    target_key, target_value = parse_target(args.target)
    bounds = parse_within(args.within)
    scenario = scenario_with_overrides(args.scenario, args.overrides)
    try:
        answer = goal_seek(scenario, target_key, target_value, args.vary.strip(), bounds)
    except ValueError as exc:
        option = "--within" if "bounds" in str(exc) else "--vary"
        raise _bad(option, str(exc)) from None
    if args.json:
        print(json.dumps(answer_dict(answer), indent=2, allow_nan=False))
    elif answer.value is not None:
        _say(answer_text(answer))
    if not answer.reached:
        if not args.json:
            _say(f"{answer.target_key}: {answer.reason}", file=sys.stderr)
        return EXIT_UNREACHABLE
    return 0

"""The ``whatif`` command line.

``whatif evaluate SCENARIO [--set key=value ...] [--json]``,
``whatif profiles [--check DIR] [--schema]`` and ``whatif calibrate PROFILE_ID FILE...``
need only the engine. Bad input exits with
status 2 and ``file:line: key: message`` lines on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from pathlib import Path

import numpy as np

from whatif import __version__, engine
from whatif.engine.errors import InputError, LoadError
from whatif.engine.results import RESULT_FIELDS
from whatif.engine.yaml_source import parse_yaml_text

from .formatting import break_even_text, crossover_text, format_result, si

EXIT_BAD_INPUT = 2
MAX_ERROR_LINES = 20
"""Problems printed for one input; the rest are counted ("... and 79,980 more")."""

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters (terminal escape sequences, bidirectional
    overrides) shown as ``\\x1b`` / ``\\u202e``: a scenario file cannot retitle, clear
    or reorder the user's terminal. Newlines and tabs stay."""
    return _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def _say(text: str = "", file=None, end: str = "\n") -> None:
    """Print ``text`` (made :func:`printable`) to stdout or ``file``."""
    print(printable(text), file=file or sys.stdout, end=end)


def _bad(option: str, message: str) -> InputError:
    return InputError([LoadError(option, 0, "", message)])


def _add_overrides(parser: argparse.ArgumentParser, help_text: str) -> None:
    """Add the repeatable ``--set KEY=VALUE`` option every scenario command takes."""
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=help_text,
    )


def _move_percent(text: str) -> float:
    """A tornado move: a -100% move would take an input to zero, outside every range."""
    value = float(text)
    if not 0.0 < value < 100.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 100 (got {text})")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="whatif",
        description="What-if analyzer for the economics of AI models: training vs inference. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add whatif to the desktop's applications (Linux: a desktop entry, icon and "
        "AppStream metainfo in $XDG_DATA_HOME, default ~/.local/share) and exit",
    )
    parser.add_argument(
        "--screenshot", metavar="PATH", help="render the window offscreen to a PNG and exit"
    )
    parser.add_argument(
        "--size",
        default="1600x1000",
        metavar="WxH",
        help="window size for --screenshot (default 1600x1000)",
    )
    parser.add_argument("--scenario", metavar="FILE", help="scenario for --screenshot")
    parser.add_argument("--dark", action="store_true", help="dark look for --screenshot")
    parser.add_argument(
        "--force", action="store_true", help="let --screenshot replace an existing file"
    )
    sub = parser.add_subparsers(dest="command")
    op = sub.add_parser("open", help="open a scenario in the window")
    op.add_argument("scenario", help="scenario YAML file")
    rp = sub.add_parser("report", help="write a PDF or HTML report of a scenario (headless)")
    rp.add_argument("scenario", help="scenario YAML file")
    rp.add_argument("-o", "--output", required=True, help="out.pdf or out.html")
    _add_overrides(rp, "override a value before reporting")
    rp.add_argument("--force", action="store_true", help="replace an existing file")
    ex = sub.add_parser("export-charts", help="write every chart and its data to a folder")
    ex.add_argument("scenario", help="scenario YAML file")
    ex.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write into")
    ex.add_argument("--format", choices=("png", "svg"), default="png")
    ex.add_argument("--width", type=int, default=1600, help="PNG width in pixels")
    ex.add_argument(
        "--dpi",
        type=int,
        default=150,
        help="PNG resolution: text, markers and lines are sized for it",
    )
    _add_overrides(ex, "override a value before exporting")
    ex.add_argument("--force", action="store_true", help="replace existing files")
    op2 = sub.add_parser(
        "optimize",
        help="the cheapest retraining, pruning and serving "
        "hardware that meet the SLO and an accuracy floor",
    )
    op2.add_argument("scenario", help="scenario YAML file")
    op2.add_argument(
        "--accuracy-floor",
        type=float,
        default=0.0,
        metavar="X",
        help="lowest acceptable mean accuracy (fraction, e.g. 0.8)",
    )
    _add_overrides(op2, "override a value first")
    se = sub.add_parser(
        "sensitivity",
        help="tornado: a result (lifetime cost by default) when each assumption moves by +-P%%",
    )
    se.add_argument("scenario", help="scenario YAML file")
    se.add_argument(
        "--percent", type=_move_percent, default=20.0, help="the move, in percent (0 < P < 100)"
    )
    se.add_argument(
        "--output",
        default="lifecycle.horizon_cost_usd",
        metavar="KEY",
        help="the result to swing: any result key (whatif evaluate --json), e.g. "
        "inference.cost_per_1k_queries_usd, inference.latency_p99_s, "
        "inference.energy_wh_per_query, quality.mean_accuracy, lifecycle.crossover_month "
        "(default lifecycle.horizon_cost_usd)",
    )
    se.add_argument("--csv", action="store_true", help="CSV instead of JSON")
    _add_overrides(se, "override a value first")
    sz = sub.add_parser(
        "size",
        help="the parameter count and training tokens that minimise "
        "lifetime compute and cost at a target quality (LLMs)",
    )
    sz.add_argument("scenario", help="scenario YAML file")
    sz.add_argument(
        "--target-loss",
        type=float,
        metavar="L",
        help="Chinchilla loss to reach (default: the scenario model's own)",
    )
    _add_overrides(sz, "override a value first")
    mc = sub.add_parser("montecarlo", help="P10/P50/P90 of the answers over uncertain inputs")
    mc.add_argument("scenario", help="scenario YAML file")
    mc.add_argument(
        "--samples",
        type=int,
        default=2000,
        help="draws to evaluate, 1 to 5,000,000 (about 100,000 a second; evaluated in "
        "chunks, so memory stays under 500 MB at any count)",
    )
    mc.add_argument("--seed", type=int, default=20261129, help="same seed, same answer")
    mc.add_argument("--csv", action="store_true", help="every sample as CSV instead of JSON")
    mc.add_argument(
        "--range",
        dest="ranges",
        action="append",
        default=[],
        metavar="KEY=LOW:HIGH|KIND:A:B[:C]",
        help="uncertainty of one input, any numeric field: LOW:HIGH is a factor range "
        "(0.5:2 = half to double, log-uniform) or, for growth, an amount (-0.02:0.02); "
        "or a distribution in the field's unit: uniform:LOW:HIGH, loguniform:LOW:HIGH, "
        "triangular:LOW:MODE:HIGH, normal:MEAN:SD, lognormal:MEDIAN:SIGMA (normal and "
        "lognormal truncated to the field's valid range); replaces that input's default; "
        "KEY=none drops it",
    )
    _add_overrides(mc, "override a value first")
    cp = sub.add_parser("compare", help="scenarios side by side: KPIs and the inputs that differ")
    cp.add_argument("scenarios", nargs="+", help="two or more scenario YAML files")
    cp.add_argument("--csv", action="store_true", help="CSV instead of JSON")
    dm = sub.add_parser("demo", help="open a bundled demo scenario (--list to see them)")
    dm.add_argument("name", nargs="?", help="demo name, e.g. chatbot")
    dm.add_argument("--list", action="store_true", help="list the demos and exit")
    ev = sub.add_parser("evaluate", help="evaluate a scenario and print its results")
    ev.add_argument("scenario", help="scenario YAML file")
    _add_overrides(ev, "override a value, e.g. inference.queries_per_day=2e6")
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    from .cli_calibrate import add_parser as add_calibrate
    from .cli_goal_seek import add_parser as add_goal_seek

    add_calibrate(sub)
    add_goal_seek(sub)
    pr = sub.add_parser("profiles", help="list hardware profiles and their validation errors")
    pr.add_argument("--check", metavar="DIR", help="check the profiles of DIR only")
    pr.add_argument(
        "--schema", action="store_true", help="print the JSON Schema of the profile format"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status. Bad input, and any file-system error
    (a missing or read-only folder, a full disk), is one line per problem on stderr and
    status 2; a reader that stops early (``| head``) ends it quietly, status 2."""
    try:
        status = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BAD_INPUT
    except OSError as exc:
        _say(_os_message(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    return status


def _os_message(exc: OSError) -> str:
    """``path: reason`` for a file-system error (one line)."""
    if isinstance(exc, FileExistsError) and not exc.filename:
        return str(exc)  # ours: "exists (use --force to replace): ..."
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{exc.filename}: {reason}" if exc.filename else reason


def _quiet_stdout() -> None:
    """The reader has gone: send what is still buffered nowhere (Python would otherwise
    report the broken pipe again when it flushes stdout at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def print_errors(errors) -> None:
    """One line per problem on stderr, at most :data:`MAX_ERROR_LINES` of them."""
    errors = list(errors)
    for error in errors[:MAX_ERROR_LINES]:
        _say(str(error), file=sys.stderr)
    if len(errors) > MAX_ERROR_LINES:
        _say(f"... and {len(errors) - MAX_ERROR_LINES:,} more problems", file=sys.stderr)


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.install_desktop_entry:
            from .desktop import install_desktop_entry

            for path in install_desktop_entry():
                print(path)
            return 0
        if args.screenshot:
            return _screenshot(parser, args)
        if args.command == "report":
            return _report(args)
        if args.command == "export-charts":
            return _export_charts(args)
        if args.command == "optimize":
            return _optimize(args)
        if args.command == "sensitivity":
            return _sensitivity(args)
        if args.command == "size":
            return _size(args)
        if args.command == "goal-seek":
            from .cli_goal_seek import run as seek

            return seek(args, _scenario_with_overrides)
        if args.command == "montecarlo":
            return _montecarlo(args)
        if args.command == "compare":
            return _compare(args)
        if args.command == "demo":
            return _demo(args.name, args.list)
        if args.command == "open":
            engine.load_scenario(args.scenario)  # report bad input here, before any window
            from .app import run

            return run(args.scenario)
        if args.command == "evaluate":
            return _evaluate(args.scenario, args.overrides, args.json)
        if args.command == "calibrate":
            from .cli_calibrate import run as calibrate

            return calibrate(args)
        if args.command == "profiles":
            return _profiles(args.check, args.schema)
        from .app import run

        return run()
    except InputError as exc:
        print_errors(exc.errors)
        return EXIT_BAD_INPUT


def _scenario_with_overrides(path: str, overrides: list[str]):
    profiles, _ = engine.load_profiles()
    scenario = engine.load_scenario(path, profiles)
    changes = parse_overrides(overrides)
    if changes:
        try:
            scenario = scenario.override(changes)
        except InputError as exc:
            raise InputError(
                [LoadError("--set", 0, e.key, e.message) for e in exc.errors]
            ) from None
    return scenario


def _report(args) -> int:
    scenario = _scenario_with_overrides(args.scenario, args.overrides)
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise InputError([LoadError(args.output, 0, "", "the report must end in .pdf or .html")])
    from .app import ensure_app
    from .export.report import write_report

    ensure_app(offscreen=True)
    path = write_report(scenario, args.output, force=args.force)
    _say(str(path))
    return 0


def _export_charts(args) -> int:
    from .export.charts import png_size_problems

    problems = png_size_problems(args.width, args.dpi)
    if problems:
        raise InputError([LoadError(option, 0, "", text) for option, text in problems])
    scenario = _scenario_with_overrides(args.scenario, args.overrides)
    from .app import ensure_app
    from .export.charts import export_all
    from .export.offscreen import render_charts

    ensure_app(offscreen=True)
    plots, analysis = render_charts(scenario)
    written = export_all(
        plots,
        analysis,
        args.output,
        args.format,
        args.width,
        args.dpi,
        data=True,
        force=args.force,
    )
    for path in written:
        _say(str(path))
    return 0


def _optimize(args) -> int:
    from whatif.engine.optimize import optimize

    floor = args.accuracy_floor
    if not 0.0 <= floor <= 1.0:  # (also NaN)
        raise _bad("--accuracy-floor", f"must be a fraction from 0 to 1, e.g. 0.8 (got {floor})")
    scenario = _scenario_with_overrides(args.scenario, args.overrides)
    plan = optimize(scenario, floor)
    if plan is None:
        print(
            json.dumps(
                {
                    "feasible": False,
                    "reason": "no retraining, pruning and serving "
                    "hardware meets the SLO and the accuracy floor",
                },
                indent=2,
            )
        )
        return 1
    print(json.dumps({"feasible": True, **plan.to_dict()}, indent=2))
    return 0


def _sensitivity(args) -> int:
    import csv
    import io

    from whatif.engine.sensitivity import output_unit, tornado

    try:
        unit = output_unit(args.output)
    except ValueError as exc:
        raise _bad("--output", str(exc)) from None
    scenario = _scenario_with_overrides(args.scenario, args.overrides)
    base, bars = tornado(scenario, args.percent, args.output)

    def finite(value):  # JSON has no infinity: a crossover that never comes is null
        return value if math.isfinite(value) else None

    rows = [
        {
            "key": b.key,
            "low_input": b.low_input,
            "high_input": b.high_input,
            "low": finite(b.low),
            "high": finite(b.high),
            "impact": finite(b.impact),
        }
        for b in bars
    ]
    if args.csv:
        out = io.StringIO()
        writer = csv.DictWriter(
            out, fieldnames=list(rows[0]) if rows else ["key"], lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        _say(out.getvalue(), end="")
    else:
        summary = {"output": args.output, "unit": unit, "base": finite(base)}
        print(json.dumps({**summary, "percent": args.percent, "bars": rows}, indent=2))
    return 0


def _size(args) -> int:
    from whatif.engine.sizing import E, size_model

    loss = args.target_loss
    if loss is not None and not (math.isfinite(loss) and loss > E):
        raise _bad(
            "--target-loss",
            f"must be above {E}, the irreducible loss of the Chinchilla fit: no model "
            f"reaches it however large (got {loss})",
        )
    scenario = _scenario_with_overrides(args.scenario, args.overrides)
    sizing = size_model(scenario, loss)
    print(json.dumps(_finite_or_null(sizing.to_dict()), indent=2, allow_nan=False))
    return 0 if sizing.feasible else 1


def _finite_or_null(data):
    """``data`` with every non-finite float as None (JSON has no NaN or infinity)."""
    if isinstance(data, dict):
        return {k: _finite_or_null(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite_or_null(v) for v in data]
    if isinstance(data, float) and not math.isfinite(data):
        return None
    return data


def parse_ranges(items: list[str]) -> dict:
    """``["training.mfu=0.9:1.1", "model.params=triangular:6e9:7e9:9e9",
    "quality.drift_per_month=none"]`` on top of the defaults: ``section.key`` to a
    :class:`~whatif.engine.distributions.Distribution`."""
    from whatif.engine.distributions import as_distribution, parse_distribution
    from whatif.engine.scenario import SECTIONS
    from whatif.engine.uncertainty import DEFAULT_RANGES

    ranges = {key: as_distribution(key, value) for key, value in DEFAULT_RANGES.items()}
    for item in items:
        key, sep, text = item.partition("=")
        section, _, name = key.partition(".")
        if not sep or section not in SECTIONS or name not in SECTIONS[section].__dataclass_fields__:
            raise InputError(
                [LoadError("--range", 0, key or item, "expected a known section.key=LOW:HIGH")]
            )
        if text.strip().lower() == "none":
            ranges.pop(key, None)
            continue
        try:
            ranges[key] = parse_distribution(key, text)
        except ValueError as exc:
            raise InputError([LoadError("--range", 0, key, str(exc))]) from None
    return ranges


def _montecarlo(args) -> int:
    from whatif.engine.uncertainty import MAX_SAMPLES, monte_carlo

    from .cli_progress import ProgressBar

    if args.samples < 1:
        raise _bad("--samples", f"must be at least 1 (got {args.samples})")
    if args.samples > MAX_SAMPLES:
        raise _bad(
            "--samples",
            f"must be at most {MAX_SAMPLES:,} (about a minute; more changes no percentile "
            f"you could read) (got {args.samples:,})",
        )
    if args.seed < 0:
        raise _bad("--seed", f"must be 0 or more (got {args.seed})")
    scenario = _scenario_with_overrides(args.scenario, args.overrides)
    ranges = parse_ranges(args.ranges)
    bar = ProgressBar("Monte Carlo", "samples")
    on_chunk = _csv_rows(sys.stdout) if args.csv else None
    result = monte_carlo(
        scenario,
        ranges=ranges,
        samples=args.samples,
        seed=args.seed,
        progress=bar,
        on_chunk=on_chunk,
        keep_inputs=False,
    )
    if not args.csv:
        horizon = f"{float(scenario.economics.horizon_months):g}-month"
        data = {
            **result.to_dict(),
            "summary": f"P(serving overtakes training within the {horizon} horizon) = "
            f"{result.p_overtake * 100:.1f}%",
            "ranges": {key: dist.to_json() for key, dist in ranges.items()},
        }
        print(json.dumps(_finite_or_null(data), indent=2, allow_nan=False))
    return 0


def _csv_rows(stream):
    """A chunk callback writing every sample as a CSV row (the header before the first)."""
    import csv

    writer = csv.writer(stream, lineterminator="\n")
    header = []

    def write(inputs: dict, outputs: dict) -> None:
        columns = {**inputs, **outputs}
        if not header:
            header.extend(columns)
            writer.writerow(header)
        text = [
            [repr(x) if math.isfinite(x) else "" for x in np.asarray(v, dtype=float).tolist()]
            for v in columns.values()
        ]
        writer.writerows(zip(*text, strict=True))

    return write


def _compare(args) -> int:
    import csv
    import io
    from types import SimpleNamespace

    from .comparison import LABELS, Pin, comparison_rows

    if len(args.scenarios) < 2:
        raise InputError([LoadError("compare", 0, "", "give at least two scenarios")])
    if len(args.scenarios) > len(LABELS) + 1:
        raise InputError([LoadError("compare", 0, "", f"at most {len(LABELS) + 1} scenarios")])
    profiles, _ = engine.load_profiles()
    analyses = []
    for path in args.scenarios:
        scenario = engine.load_scenario(path, profiles)
        analyses.append(SimpleNamespace(scenario=scenario, results=engine.evaluate(scenario)))
    pins = [Pin(LABELS[i], a) for i, a in enumerate(analyses[1:])]
    sections = comparison_rows(analyses[0], pins)
    names = column_names(args.scenarios)
    if args.csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["section", "row", *names, "differs"])
        for heading, rows in sections:
            for name, values, differs in rows:
                writer.writerow([heading, name, *values, "yes" if differs else "no"])
        _say(out.getvalue(), end="")
    else:
        print(
            json.dumps(
                {
                    "scenarios": names,
                    **{
                        heading: [
                            {
                                "row": name,
                                "values": dict(zip(names, values, strict=True)),
                                "differs": differs,
                            }
                            for name, values, differs in rows
                        ]
                        for heading, rows in sections
                    },
                },
                indent=2,
            )
        )
    return 0


def column_names(paths: list[str]) -> list[str]:
    """One distinct column name per scenario: its file stem; the path as given where two
    stems are alike; numbered where one file is given twice."""
    stems = [Path(p).stem for p in paths]
    names = [
        s if len({q for q, t in zip(paths, stems, strict=True) if t == s}) == 1 else p
        for s, p in zip(stems, paths, strict=True)
    ]
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if names.count(name) == 1 else f"{name} #{seen[name]}")
    return out


def _demo(name: str | None, list_only: bool) -> int:
    from whatif.engine.demos import demo_path, list_demos

    if list_only or not name:
        for demo in list_demos():
            print(f"{demo.name:<18} {demo.title}")
        return 0 if list_only else EXIT_BAD_INPUT
    try:
        path = demo_path(name)
    except KeyError as exc:
        raise InputError([LoadError("demo", 0, name, str(exc.args[0]))]) from None
    from .app import run

    return run(str(path), as_demo=True)


def _screenshot(parser: argparse.ArgumentParser, args) -> int:
    from .export.charts import check_free, screenshot_size_problem

    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size must look like 1280x800 (got {args.size!r})")
    problem = screenshot_size_problem(width, height)
    if problem:
        raise _bad("--size", problem)
    check_free([Path(args.screenshot)], args.force)
    if args.scenario:
        engine.load_scenario(args.scenario)
    from .app import screenshot

    screenshot(args.screenshot, (width, height), args.scenario, args.dark)
    _say(args.screenshot)
    return 0


def parse_overrides(items: list[str]) -> dict:
    """``["a.b=2e6", "c.d=2:4"]`` -> ``{"a.b": 2e6, "c.d": "2:4"}`` (values read as YAML)."""
    out = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise InputError([LoadError("--set", 0, item, "expected KEY=VALUE")])
        try:
            value = parse_yaml_text(raw, "--set").data
        except InputError:
            value = raw
        out[key.strip()] = raw if value is None and raw.strip() else value
    return out


def _evaluate(path: str, overrides: list[str], as_json: bool) -> int:
    scenario = _scenario_with_overrides(path, overrides)
    results = engine.evaluate(scenario)
    if as_json:
        print(json.dumps(results.to_dict(), indent=2))
    else:
        _say(results_table(scenario, results))
    return 0


def results_table(scenario, results) -> str:
    """The results as an aligned text table with units, one section after another."""
    data = results.to_dict()
    lines = [
        f"{scenario.name or Path(scenario.path).stem}",
        f"training on {scenario.training.hardware}, serving on {scenario.inference.hardware}",
    ]
    for section, fields in RESULT_FIELDS.items():
        lines.append("")
        lines.append(section.upper())
        for key, (unit, meaning) in fields.items():
            shown = _result_words(key, data[section][key], unit)
            lines.append(f"  {key:<32} {shown:>16}   {meaning}")
    lines += device_hour_lines(scenario)
    return "\n".join(lines)


def _result_words(key: str, value, unit: str) -> str:
    """One result as the window says it: the crossover and break-even in words ("the first
    day", "any volume ...") rather than "0.0 months" and "0 queries/day"."""
    if key == "crossover_month":
        return crossover_text(value)
    if key == "break_even_queries_per_day":
        return break_even_text(value).replace("/day", "queries/day")
    return format_result(value, unit)


def device_hour_lines(scenario) -> list[str]:
    """What one device-hour costs, part by part, on each role's hardware (owned: the total
    cost of ownership; rented: the hourly price after the commitment's discount)."""
    from whatif.engine.pricing import device_hour_parts

    e = scenario.economics
    lines = ["", f"DEVICE-HOUR ({e.pricing})"]
    roles = (
        ("training", scenario.training_profile, e.training_usd_per_device_hour),
        ("serving", scenario.inference_profile, e.serving_usd_per_device_hour),
    )
    for role, profile, own in roles:
        parts = device_hour_parts(profile, e, role, own)
        total = sum(parts.values())
        if e.pricing == "owned":
            shown = ", ".join(f"{k} ${v:.3f}" for k, v in parts.items())
            lines.append(f"  {role:<9} {profile.id:<12} ${total:.2f}/h at full load: {shown}")
        else:
            lines.append(f"  {role:<9} {profile.id:<12} ${total:.2f}/h")
    return lines


def _profiles(check_dir: str | None, schema: bool) -> int:
    if schema:
        from whatif.engine.profile_schema import profile_json_schema

        print(json.dumps(profile_json_schema(), indent=2))
        return 0
    if check_dir is not None:
        if not check_dir.strip():
            raise _bad("--check", "give a folder of profiles")
        if Path(check_dir).exists() and not Path(check_dir).is_dir():
            raise _bad("--check", f"{check_dir} is a file, not a folder of profiles")
    dirs = (check_dir,) if check_dir is not None else ()
    profiles, errors = engine.load_profiles(*dirs)
    header = (
        f"{'id':<12} {'kind':<5} {'bf16/fp16':>11} {'int8':>10} {'memory':>8} "
        f"{'bandwidth':>11} {'TDP':>6} {'$/h':>7}  origin"
    )
    _say(header)
    for pid in sorted(profiles):
        p = profiles[pid]
        half = p.peak_tflops.get("bf16", p.peak_tflops.get("fp16"))
        int8 = p.peak_tflops.get("int8")
        hourly = p.price.hourly_usd
        _say(
            f"{pid:<12} {p.kind:<5} {si(half * 1e12 if half else float('nan'), 'FLOP/s'):>11} "
            f"{si(int8 * 1e12 if int8 else float('nan'), 'OP/s'):>10} "
            f"{p.memory_gb:>6g}GB {p.memory_bandwidth_gbps:>7g}GB/s {p.tdp_w:>5g}W "
            f"{(f'{hourly:.2f}' if hourly else '—'):>7}  {p.origin}"
        )
    print_errors(errors)
    return EXIT_BAD_INPUT if errors else 0


if __name__ == "__main__":
    sys.exit(main())

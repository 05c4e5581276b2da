"""``whatif calibrate PROFILE_ID FILE... [--scenario S] [-o OUT] [--json]``: fit a profile's
efficiencies to benchmark results and print the fit; ``-o`` writes the calibrated profile.
Engine only (no Qt). Bad input raises :class:`InputError` (the caller prints it, exit 2)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from whatif import engine
from whatif.engine.atomic_write import atomic_write_text
from whatif.engine.calibrate import PARAMETERS, Calibration, calibrate
from whatif.engine.calibrated_profile import calibrated_id, calibrated_profile_text
from whatif.engine.errors import InputError, LoadError
from whatif.engine.measurement_formats import read_measurement_file
from whatif.engine.measurements import RunDefaults, complete
from whatif.engine.precision import PRECISIONS

METRIC_LABELS = {
    "output_tokens_per_s": "output tokens/s",
    "ttft_ms": "TTFT ms",
    "tpot_ms": "TPOT ms",
    "training_tokens_per_s": "training tokens/s",
}


def add_parser(sub) -> None:
    """Add the ``calibrate`` subcommand to ``sub`` (argparse subparsers)."""
    cp = sub.add_parser(
        "calibrate",
        help="fit a hardware profile's efficiencies to your benchmark results",
        description="Fit inference compute and memory efficiency, the per-iteration overhead "
        "and (with training runs) MFU to vLLM bench serve --save-result JSON, GenAI-Perf or "
        "AIPerf profile-export JSON, or CSV files. What a file does not say comes from the "
        "options below, then from the scenario.",
    )
    cp.add_argument("profile", metavar="PROFILE_ID", help="hardware profile to calibrate")
    cp.add_argument("files", nargs="+", metavar="FILE", help="benchmark result files")
    cp.add_argument("--scenario", metavar="S", help="scenario for the model and serving settings")
    cp.add_argument("-o", "--output", metavar="OUT.yaml", help="write the calibrated profile")
    cp.add_argument("--id", dest="new_id", help="id of the written profile (default ID-calibrated)")
    cp.add_argument("--force", action="store_true", help="replace an existing -o file")
    cp.add_argument("--json", action="store_true", help="print the fit as JSON")
    cp.add_argument(
        "--fit",
        metavar="NAMES",
        help=f"comma-separated parameters to fit (of {', '.join(PARAMETERS)})",
    )
    cp.add_argument("--devices", type=float, help="devices the runs used (if the files do not say)")
    cp.add_argument("--params", type=float, help="model parameters (if the files do not say)")
    cp.add_argument("--active-params", type=float, help="active parameters (mixture of experts)")
    cp.add_argument("--precision", choices=PRECISIONS, help="weight precision of the runs")
    cp.add_argument("--prompt-tokens", type=float, help="mean prompt length of the runs")
    cp.add_argument("--output-tokens", type=float, help="mean output length of the runs")
    cp.add_argument(
        "--concurrency", type=float, help="requests in flight (if the files do not say)"
    )


def run(args: argparse.Namespace) -> int:
    profiles, _ = engine.load_profiles()
    if args.profile not in profiles:
        known = ", ".join(sorted(profiles))
        message = f"unknown hardware profile '{args.profile}' (known: {known})"
        raise InputError([LoadError("calibrate", 0, "PROFILE_ID", message)])
    profile = profiles[args.profile]
    scenario = (
        engine.load_scenario(args.scenario, profiles)
        if args.scenario
        else engine.default_scenario(profiles)
    )
    runs, formats = load_runs(args.files, run_defaults(args, scenario))
    fit = [p.strip() for p in args.fit.split(",")] if args.fit else None
    result = calibrate(profile, runs, scenario, fit)
    written = None
    if args.output:
        written = write_profile(result, args.files, args.output, args.new_id, args.force)
    if args.json:
        out = {**result.to_dict(), "formats": formats}
        if written:
            out["written"] = {"path": str(written), "id": args.new_id or calibrated_id(profile.id)}
        print(json.dumps(out, indent=2))
    else:
        print(fit_table(result, formats))
        if written:
            print(f"\nwrote {written} (id {args.new_id or calibrated_id(profile.id)})")
    return 0


def run_defaults(args, scenario) -> RunDefaults:
    """Command-line values, then the scenario's model, for what the files do not say."""
    m = scenario.model

    def scalar(value):
        return float(value) if value is not None and len(set(list(_flat(value)))) == 1 else None

    return RunDefaults(
        hardware=args.profile,
        devices=args.devices,
        params=args.params or scalar(m.params),
        active_params=args.active_params or (scalar(m.active_params) if not args.params else None),
        precision=args.precision or m.precision,
        prompt_tokens=args.prompt_tokens or scalar(m.prompt_tokens),
        output_tokens=args.output_tokens or scalar(m.output_tokens),
        concurrency=args.concurrency,
    )


def _flat(value):
    import numpy as np

    return np.ravel(np.asarray(value, dtype=float)).tolist()


def load_runs(files: list[str], defaults: RunDefaults):
    """Every run of every file, completed with ``defaults``; every file's problems at once."""
    runs, formats, problems = [], {}, []
    for path in files:
        try:
            found, kind = read_measurement_file(path)
        except InputError as exc:
            problems.extend(exc.errors)
            continue
        formats[path] = kind
        runs.extend(complete(m, defaults) for m in found)
    if problems:
        raise InputError(problems)
    return runs, formats


def write_profile(result: Calibration, files, output, new_id, force) -> Path:
    path = Path(output)
    if path.exists() and not force:
        raise InputError([LoadError(str(path), 0, "", "exists already (use --force to replace)")])
    text = calibrated_profile_text(result, list(files), new_id)
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise InputError([LoadError(str(path), 0, "", exc.strerror or str(exc))]) from None
    return path


def _figure(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def fit_table(result: Calibration, formats: dict) -> str:
    """The fit as aligned text: parameters, then every figure before and after."""
    read = ", ".join(f"{Path(f).name} ({kind})" for f, kind in formats.items())
    lines = [f"Calibrating {result.original.id} on {len(result.runs)} runs from {read}", ""]
    lines.append(f"  {'parameter':<20} {'before':>9} {'after':>9} {'± 1 sigma':>10}  note")
    for p in result.parameters:
        sigma = "—" if p.uncertainty is None else f"{p.uncertainty:.3g}"
        lines.append(
            f"  {p.name:<20} {p.before:>9.4g} {p.after:>9.4g} {sigma:>10}  {p.unit}"
            + (f"; {p.note}" if p.note else "")
        )
    lines += ["", f"  {'run':<44} {'figure':<18} {'measured':>11} {'before':>8} {'after':>8}"]
    for p in result.points:
        lines.append(
            f"  {p.run.name()[:44]:<44} {METRIC_LABELS[p.metric]:<18} {_figure(p.measured):>11} "
            f"{p.error_before:>+8.1%} {p.error_after:>+8.1%}"
        )
    lines.append("")
    lines.append(
        f"  RMS log error {result.rms_log_error('before'):.1%} before, "
        f"{result.rms_log_error('after'):.1%} after ({result.message})"
    )
    if result.skipped:
        lines.append(
            f"  skipped {len(result.skipped)} runs: {result.skipped[0][1]}"
            + (" and others" if len(result.skipped) > 1 else "")
        )
    for warning in result.warnings:
        lines.append(f"  warning: {warning}")
    return "\n".join(lines)

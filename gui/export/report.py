"""A report a reader who never saw the app understands: what was assumed, what it costs,
the charts, the hardware and where every formula comes from. HTML (self-contained, images
embedded) and PDF (Qt's PDF writer rendering the same document)."""

from __future__ import annotations

import base64
import datetime as dt
import html
import math
from pathlib import Path

from whatif.engine import Scenario
from whatif.engine.atomic_write import atomic_write_bytes, atomic_write_text
from whatif.engine.fields import specs
from whatif.engine.pricing import device_hour_parts
from whatif.engine.scenario import SECTIONS, field_applies
from whatif.engine.targets import binding_text, target_checks

from ..formatting import (
    break_even_text,
    count,
    crossover_text,
    duration,
    format_result,
    number,
    percent,
    si,
    usd,
)
from ..model_text import MODEL_HTML, REFERENCES
from .charts import CHARTS, chart_png, check_free
from .render import SCREEN_DPI

CAPTIONS = {
    "cumulative": "Training cost arrives in steps (the first run, then each retrain); serving "
    "cost accrues every month. The marker shows when serving overtakes training.",
    "volume": "Yearly cost against daily query volume (log-log). Training does not depend on "
    "traffic; serving grows with it. Right of the break-even line serving dominates.",
    "pruning": "What pruning buys on the serving hardware (cost, p99 latency) and what it "
    "takes (accuracy), relative to the unpruned model.",
    "retraining": "Retraining more often costs more training but loses less accuracy to "
    "drift; with a value on accuracy the total has an optimum.",
    "latency": "p50 and p99 of the current fleet as peak load grows (time to first token for "
    "an LLM with a TTFT target, else end-to-end), with the target; near capacity the "
    "admission wait grows, and at capacity the queue saturates.",
    "heatmap": "Training's share of the lifetime cost over query volume and retraining "
    "frequency; the star is this scenario.",
}
TITLES = {
    "cumulative": "Cumulative cost over the horizon",
    "volume": "Yearly cost vs query volume",
    "pruning": "Pruning: cost, latency and accuracy",
    "retraining": "Retraining: cost and accuracy",
    "latency": "Latency vs offered load",
    "heatmap": "Training share of lifetime cost",
}
IMAGE_WIDTH = 560
"""A chart's width in the report [px at 96 per inch: 148 mm]: two charts, their headings
and captions fill an A4 page."""
CHARTS_PER_PAGE = 2
REPORT_DPI = 200
"""Resolution of the report's chart images [dots per inch]."""


def report_pngs(plots: dict, dpi: int = REPORT_DPI) -> dict[str, bytes]:
    """Each chart as PNG for the report: laid out at :data:`IMAGE_WIDTH` and drawn at
    ``dpi``, so its text prints at the point sizes of the window (8 pt legends)."""
    width = round(IMAGE_WIDTH * dpi / SCREEN_DPI)
    return {chart.key: chart_png(plots[chart.key], width, dpi) for chart in CHARTS}


STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #1d2330; }
h1 { font-size: 20pt; margin-bottom: 2px; }
h2 { font-size: 14pt; margin-top: 18px; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; }
table { border-collapse: collapse; }
th, td { border: 1px solid #bbb; padding: 3px 6px; vertical-align: top; }
th { background: #eef0f4; text-align: left; }
td.num { text-align: right; }
.muted { color: #5b6577; }
.warn { color: #c92a2a; font-weight: bold; }
"""


def e(text) -> str:
    """Escape user text for HTML (names, descriptions, sources are never markup)."""
    return html.escape(str(text), quote=True)


def _kpi_rows(scenario: Scenario, results) -> list[tuple[str, str, str]]:
    r = results
    checks = target_checks(scenario, results)
    crossover = float(r.lifecycle.crossover_month)
    p99 = float(r.inference.latency_p99_s)
    rows = [
        (
            "Lifetime cost",
            usd(float(r.lifecycle.horizon_cost_usd)),
            f"over {float(scenario.economics.horizon_months):g} months",
        ),
        (
            "Training share",
            percent(float(r.lifecycle.training_share)),
            f"training {usd(float(r.lifecycle.horizon_training_cost_usd))}, serving "
            f"{usd(float(r.lifecycle.horizon_inference_cost_usd))}",
        ),
        (
            "Crossover",
            crossover_text(crossover),
            "when cumulative serving cost passes cumulative training cost",
        ),
        (
            "Break-even volume",
            break_even_text(float(r.lifecycle.break_even_queries_per_day)),
            "daily volume at which a year of serving costs a year of training",
        ),
        (
            "Cost per 1,000 queries",
            usd(float(r.inference.cost_per_1k_queries_usd)),
            f"{count(float(r.inference.devices), 'serving device')} in "
            f"{count(float(r.inference.replicas), 'replica')}",
        ),
        (
            "Latency",
            "saturated" if bool(r.inference.saturated) else duration(p99) + " end-to-end p99",
            "; ".join(
                f"{ch.name} {duration(ch.achieved_s)} against {duration(ch.target_s)}: "
                + ("met" if ch.met else "MISSED")
                for ch in checks
            )
            + f"; TPOT {duration(float(r.inference.tpot_s))}; concurrency set by "
            f"{binding_text(r)}",
        ),
        *_api_rows(r),
        (
            "One training run",
            usd(float(r.training.cost_usd)),
            f"{float(r.training.wall_clock_days):.1f} days on "
            f"{count(float(scenario.training.devices), 'device')}",
        ),
        (
            "Energy",
            format_result(float(r.lifecycle.horizon_energy_kwh), "kWh"),
            f"{number(float(r.inference.energy_wh_per_query))} Wh per query",
        ),
        ("CO2", format_result(float(r.lifecycle.horizon_co2_kg), "kgCO2e"), "over the horizon"),
        (
            "Mean accuracy",
            percent(float(r.quality.mean_accuracy)),
            f"{percent(float(r.quality.accuracy_after_pruning))} after pruning; best retraining "
            f"{number(float(r.quality.optimal_retrains_per_year))} per year",
        ),
    ]
    if not bool(r.inference.fits):
        rows.append(
            (
                "Warning",
                "model does not fit",
                "the serving replica exceeds the "
                "profile's device limit or the batch exceeds memory",
            )
        )
    if not bool(r.training.fits):
        rows.append(
            (
                "Warning",
                "training state does not fit",
                f"needs at least {count(float(r.training.min_devices), 'device')}",
            )
        )
    return rows


def _assumption_rows(scenario: Scenario) -> list[tuple[str, str, str, str, bool]]:
    """(label, value, unit, source, is_section_heading) rows: a heading per section with
    the section's own source, then the fields that apply to the model kind (no "Epochs" on
    an LLM) with any field-specific source, numbers as people write them."""
    rows = []
    kind = scenario.model.kind
    for section, cls in SECTIONS.items():
        rows.append((section.capitalize(), "", "", scenario.sources.get(section, ""), True))
        for key, spec in specs(cls).items():
            dotted = f"{section}.{key}"
            if not field_applies(dotted, kind):
                continue
            value = scenario.get(dotted)
            shown = (
                "auto"
                if value is None
                else (number(float(value), 4) if isinstance(value, float) else str(value))
            )
            rows.append(
                (spec.label or dotted, shown, spec.unit, scenario.sources.get(dotted, ""), False)
            )
    return rows


def report_html(
    scenario: Scenario,
    results,
    image_src: dict[str, str],
    when: dt.datetime | None = None,
    comparison=None,
) -> str:
    """The report as HTML; ``image_src`` maps chart keys to an ``src`` (a data URI for the
    HTML file, a resource name for the PDF)."""
    when = when or dt.datetime.now()
    title = scenario.name or Path(scenario.path).stem or "Scenario"
    out = [
        f"<html><head><meta charset='utf-8'><title>{e(title)}</title>"
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p class='muted'>What-if report: training vs inference economics. "
        f"Generated {e(when.strftime('%Y-%m-%d %H:%M'))}.</p>",
    ]
    if scenario.description:
        out.append(f"<p>{e(scenario.description)}</p>")
    out.append(
        f"<p>Training on <b>{e(scenario.training_profile.name)}</b>, serving on "
        f"<b>{e(scenario.inference_profile.name)}</b>, "
        f"{e(si(float(scenario.inference.queries_per_day), 'queries/day'))}, "
        f"{e(scenario.economics.pricing)} pricing.</p>"
    )
    out.append("<h2>Summary</h2><table width='100%'>")
    for name, value, detail in _kpi_rows(scenario, results):
        css = (
            " class='warn'"
            if name == "Warning" or "MISSED" in detail or value == "saturated"
            else ""
        )
        out.append(
            f"<tr><th width='25%'>{e(name)}</th><td width='20%'{css}>{e(value)}</td>"
            f"<td>{e(detail)}</td></tr>"
        )
    out.append("</table>")
    if comparison:
        out.append(_comparison_html(comparison))
    # Two charts a page, each page starting with a chart's heading: a heading never sits
    # at the foot of a page with its chart on the next (Qt's PDF writer cannot keep blocks
    # together, so the breaks are placed).
    for index, chart in enumerate(CHARTS):
        page = " style='page-break-before: always'" if index % CHARTS_PER_PAGE == 0 else ""
        if index == 0:
            out.append(f"<h2{page}>Charts</h2>")
            page = ""
        out.append(f"<h3{page}>{e(TITLES[chart.key])}</h3>")
        out.append(f"<p><img src='{image_src[chart.key]}' width='{IMAGE_WIDTH}'></p>")
        out.append(f"<p class='muted'>{e(CAPTIONS[chart.key])}</p>")
    out.append(
        "<h2>Assumptions</h2><table width='100%'><tr><th>Input</th><th>Value</th>"
        "<th>Unit</th><th>Source</th></tr>"
    )
    for label, value, unit, source, heading in _assumption_rows(scenario):
        if heading:
            out.append(
                f"<tr><th colspan='3'>{e(label)}</th><th class='muted'>{e(source)}</th></tr>"
            )
        else:
            out.append(
                f"<tr><td>{e(label)}</td><td class='num'>{e(value)}</td>"
                f"<td>{e(unit)}</td><td class='muted'>{e(source)}</td></tr>"
            )
    out.append("</table>")
    out.append("<h2>Hardware profiles used</h2>")
    seen = []
    for role, profile in (
        ("Training", scenario.training_profile),
        ("Serving", scenario.inference_profile),
    ):
        if profile.id in seen:
            out.append(f"<p>{role}: the same profile, {e(profile.name)}.</p>")
            continue
        seen.append(profile.id)
        peaks = ", ".join(f"{k} {v:g}" for k, v in profile.peak_tflops.items())
        price = profile.price
        out.append(f"<h3>{role}: {e(profile.name)} ({e(profile.id)})</h3><table width='100%'>")
        figures = [
            ("Peak (dense, TFLOP/s)", peaks, profile.sources.get("peak_tflops", "")),
            ("Memory", f"{profile.memory_gb:g} GB", profile.sources.get("memory_gb", "")),
            (
                "Bandwidth",
                f"{profile.memory_bandwidth_gbps:g} GB/s",
                profile.sources.get("memory_bandwidth_gbps", ""),
            ),
            (
                "Interconnect",
                f"{profile.interconnect_gbps:g} GB/s",
                profile.sources.get("interconnect_gbps", ""),
            ),
            (
                "Power",
                f"{profile.tdp_w:g} W max, {profile.idle_w:g} W idle",
                profile.sources.get("tdp_w", "") + " " + profile.sources.get("idle_w", ""),
            ),
            (
                "Price",
                ", ".join(
                    x
                    for x in (
                        f"${price.hourly_usd:g}/h" if price.hourly_usd else "",
                        f"${price.purchase_usd:,.0f} over {price.lifetime_years:g} years"
                        if price.purchase_usd
                        else "",
                    )
                    if x
                )
                + (f" ({price.as_of})" if price.as_of else ""),
                profile.sources.get("price", ""),
            ),
            _device_hour_row(scenario, profile, role),
            (
                "Efficiency",
                f"MFU {profile.efficiency.train_mfu:g}, inference compute "
                f"{profile.efficiency.inference_compute:g}, memory "
                f"{profile.efficiency.inference_memory:g}",
                profile.sources.get("efficiency", ""),
            ),
            (
                "Sparsity",
                f"unstructured {profile.sparsity.unstructured:g}, 2:4 "
                f"{profile.sparsity.two_four_speedup:g}x",
                profile.sources.get("sparsity", ""),
            ),
        ]
        for name, value, source in figures:
            out.append(
                f"<tr><th width='20%'>{e(name)}</th><td width='30%'>{e(value)}</td>"
                f"<td class='muted'>{e(source)}</td></tr>"
            )
        out.append("</table>")
    out.append("<h2>How the numbers are made</h2>")
    out.append(MODEL_HTML)
    out.append("<h2>References</h2><ol>")
    out.extend(f"<li>{e(ref)}</li>" for ref in REFERENCES)
    out.append("</ol></body></html>")
    return "\n".join(out)


def _api_rows(r) -> list[tuple[str, str, str]]:
    """Build vs buy, when the scenario prices an API for the same queries."""
    api = float(r.lifecycle.api_horizon_cost_usd)
    if not math.isfinite(api):
        return []
    pays = float(r.lifecycle.self_host_break_even_queries_per_day)
    where = (
        f"self-hosting costs less from {si(pays, '/day')} on"
        if math.isfinite(pays)
        else "self-hosting never costs less"
    )
    return [("The API instead", usd(api), f"the same queries over the horizon; {where}")]


def _device_hour_row(scenario: Scenario, profile, role: str) -> tuple[str, str, str]:
    """The report's line of what one device-hour costs under the scenario's pricing."""
    e = scenario.economics
    own = e.training_usd_per_device_hour if role == "Training" else e.serving_usd_per_device_hour
    parts = device_hour_parts(profile, e, role.lower(), own)
    total = sum(parts.values())
    if e.pricing == "owned":
        shown = ", ".join(f"{k} ${v:.3f}" for k, v in parts.items())
        return ("Device-hour (owned)", f"${total:.2f}/h at full load", shown)
    return (f"Device-hour ({e.pricing})", f"${total:.2f}/h", "after the mode's discount")


def _comparison_html(comparison) -> str:
    """The Compare table: ``comparison`` is ``(column labels, sections)``, the sections from
    ``gui.comparison.comparison_rows``; cells that differ from Current are highlighted."""
    labels, sections = comparison
    out = [
        "<h2>Comparison</h2><p class='muted'>Highlighted: different from the current "
        "scenario.</p><table width='100%'><tr><th></th>"
    ]
    out.extend(f"<th>{e(label)}</th>" for label in labels)
    out.append("</tr>")
    for heading, rows in sections:
        out.append(f"<tr><th colspan='{len(labels) + 1}'>{e(heading)}</th></tr>")
        for name, values, differs in rows:
            cells = []
            for i, value in enumerate(values):
                mark = " bgcolor='#fff3bf'" if differs and i and value != values[0] else ""
                cells.append(f"<td{mark}>{e(value)}</td>")
            out.append(f"<tr><td>{e(name)}</td>{''.join(cells)}</tr>")
    out.append("</table>")
    return "".join(out)


def write_html_report(
    scenario: Scenario,
    results,
    pngs: dict[str, bytes],
    path: str | Path,
    force: bool = False,
    comparison=None,
) -> Path:
    """A self-contained HTML file: charts embedded as data URIs, no external references."""
    path = Path(path)
    check_free([path], force)
    sources = {
        k: "data:image/png;base64," + base64.b64encode(v).decode("ascii") for k, v in pngs.items()
    }
    atomic_write_text(path, report_html(scenario, results, sources, comparison=comparison))
    return path


def write_pdf_report(
    scenario: Scenario,
    results,
    pngs: dict[str, bytes],
    path: str | Path,
    force: bool = False,
    comparison=None,
) -> Path:
    """An A4 PDF of the same document, rendered by Qt's PDF writer."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, QUrl
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    path = Path(path)
    check_free([path], force)
    document = QTextDocument()
    for key, data in pngs.items():
        document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(f"{key}.png"), QImage.fromData(data)
        )
    document.setHtml(
        report_html(scenario, results, {k: f"{k}.png" for k in pngs}, comparison=comparison)
    )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(scenario.name or "whatif report")
    writer.setCreator("whatif: training vs inference economics")
    writer.setResolution(96)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    del writer
    buffer.close()
    atomic_write_bytes(path, bytes(data.data()))
    return path


def write_report(
    scenario: Scenario, path: str | Path, force: bool = False, dpi: int = REPORT_DPI
) -> Path:
    """Render the charts offscreen and write a PDF or HTML report (by the suffix)."""
    from .offscreen import render_charts

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise ValueError(f"report must end in .pdf or .html (got '{path.name}')")
    check_free([path], force)
    plots, analysis = render_charts(scenario)
    pngs = report_pngs(plots, dpi)
    if suffix == ".pdf":
        return write_pdf_report(scenario, analysis.results, pngs, path, force)
    return write_html_report(scenario, analysis.results, pngs, path, force)

"""Exports produce valid files: PNG of the right size, SVG that parses, PDF with pages,
self-contained HTML, CSV with the expected columns; nothing is overwritten silently."""

import base64
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from tests.helpers import SCENARIO_DIR, demo
from whatif import engine
from whatif.engine import tables
from whatif.gui.export.charts import CHARTS, ExistsError, chart_png, export_all, save_chart
from whatif.gui.export.offscreen import render_charts
from whatif.gui.export.report import write_html_report, write_pdf_report

CHATBOT = str(SCENARIO_DIR / "chatbot.yaml")


@pytest.fixture(scope="module")
def rendered(qapp):
    return render_charts(demo())


def test_png_has_the_chosen_width_and_dpi(rendered, tmp_path):
    plots, _ = rendered
    path = save_chart(plots["volume"], tmp_path / "v.png", width=1200, dpi=300)
    image = QImage(str(path))
    assert image.width() == 1200 and image.height() > 600
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    default = QImage.fromData(chart_png(plots["volume"]))
    assert default.width() == 1600


def test_svg_parses_and_holds_the_curves(rendered, tmp_path):
    plots, _ = rendered
    path = save_chart(plots["cumulative"], tmp_path / "c.svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 3
    assert "Cumulative cost over the horizon" in path.read_text()


def test_export_all_writes_every_chart_and_its_csv_and_refuses_to_overwrite(rendered, tmp_path):
    plots, analysis = rendered
    written = export_all(plots, analysis, tmp_path, "png")
    assert len(written) == 2 * len(CHARTS)
    volume = next(p for p in written if p.name == "2_yearly_cost_vs_volume.csv")
    rows = list(csv.DictReader(io.StringIO(volume.read_text())))
    assert set(rows[0]) == {
        "queries_per_day",
        "training_usd_per_year",
        "inference_usd_per_year",
        "api_usd_per_year",
        "total_usd_per_year",
        "saturated",
    }
    assert float(rows[0]["queries_per_day"]) == pytest.approx(10.0)
    heat = list(
        csv.DictReader(io.StringIO((tmp_path / "6_training_share_heatmap.csv").read_text()))
    )
    assert set(heat[0]) == {
        "queries_per_day",
        "retrains_per_year",
        "training_share",
        "horizon_cost_usd",
    }
    before = volume.stat().st_mtime_ns
    with pytest.raises(ExistsError, match="use --force"):
        export_all(plots, analysis, tmp_path, "png")
    assert volume.stat().st_mtime_ns == before
    exported = volume.read_text()
    chart = tmp_path / "2_yearly_cost_vs_volume.png"
    assert chart in written and not QImage(str(chart)).isNull()
    volume.write_text("junk\n")
    chart.write_bytes(b"junk")
    rewritten = export_all(plots, analysis, tmp_path, "png", force=True)
    assert sorted(rewritten) == sorted(written)
    assert volume.read_text() == exported  # the junk was overwritten with the export again
    assert QImage(str(chart)).width() == 1600  # a whole PNG at the default width again


def test_results_csv_has_one_row_per_key_with_units():
    r = engine.evaluate(demo("drug_discovery"))  # serving never overtakes its weekly retrains
    rows = list(csv.DictReader(io.StringIO(tables.results_csv(r))))
    assert [row["key"] for row in rows] == [k for k, _ in r.items()]
    crossover = next(row for row in rows if row["key"] == "lifecycle.crossover_month")
    assert crossover["value"] == "" and crossover["unit"] == "months"  # never: empty cell
    cost = next(row for row in rows if row["key"] == "lifecycle.horizon_cost_usd")
    assert float(cost["value"]) == pytest.approx(float(r.lifecycle.horizon_cost_usd))


def pngs(plots):
    return {chart.key: chart_png(plots[chart.key], 800) for chart in CHARTS}


def test_html_report_is_self_contained(rendered, tmp_path):
    plots, analysis = rendered
    path = write_html_report(demo(), analysis.results, pngs(plots), tmp_path / "r.html")
    text = path.read_text()
    sources = re.findall(r"src='([^']*)'", text)
    assert len(sources) == len(CHARTS)
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    image = QImage.fromData(base64.b64decode(sources[0].split(",", 1)[1]))
    assert not image.isNull() and image.width() == 800  # decodes, at the width pngs() asked
    assert "http://" not in text and "https://" not in text
    assert "LLM customer-support chatbot" in text and "Touvron" in text and "References" in text


def test_report_escapes_user_text(rendered, tmp_path):
    plots, analysis = rendered
    hostile = demo().override(
        {"name": "<script>alert(1)</script>", "description": "a & b <b>bold</b>"}
    )
    text = write_html_report(
        hostile, analysis.results, pngs(plots), tmp_path / "x.html"
    ).read_text()
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>bold</b>" not in text


def test_pdf_report_has_pages(rendered, tmp_path):
    plots, analysis = rendered
    path = write_pdf_report(demo(), analysis.results, pngs(plots), tmp_path / "r.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 4
    if shutil.which("pdftoppm"):
        done = subprocess.run(
            ["pdftoppm", "-r", "20", "-png", str(path), str(tmp_path / "p")], capture_output=True
        )
        assert done.returncode == 0
        assert len(list(tmp_path.glob("p-*.png"))) == pages


@pytest.mark.parametrize("offscreen", [True, False])
def test_cli_reports_and_exports_with_and_without_the_offscreen_setting(tmp_path, offscreen):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    whatif = shutil.which("whatif", path=os.path.dirname(sys.executable))
    report = tmp_path / "r.html"
    done = subprocess.run(
        [whatif, "report", CHATBOT, "-o", str(report), "--set", "pruning.ratio=0.3"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "data:image/png;base64," in report.read_text()
    again = subprocess.run(
        [whatif, "report", CHATBOT, "-o", str(report)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert again.returncode == 2 and "use --force" in again.stderr
    charts = tmp_path / "charts"
    done = subprocess.run(
        [whatif, "export-charts", CHATBOT, "-o", str(charts), "--format", "svg"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(list(charts.glob("*.svg"))) == len(CHARTS)
    assert len(list(charts.glob("*.csv"))) == len(CHARTS)

"""File > Export: charts, data and reports from the window, asking before replacing files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from whatif.engine.atomic_write import atomic_write_text
from whatif.engine.tables import results_csv

from ..comparison import comparison_rows
from .charts import (
    CHARTS,
    DEFAULT_DPI,
    DEFAULT_WIDTH,
    MAX_DPI,
    MAX_WIDTH,
    MIN_DPI,
    MIN_WIDTH,
    chart_files,
    export_all,
    save_chart,
    save_chart_data,
)
from .report import TITLES, report_pngs, write_html_report, write_pdf_report


class ChartsDialog(QDialog):
    """Where and how to export every chart at once."""

    def __init__(self, folder: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Export all charts")
        self.folder = QLineEdit(folder)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._on_browse_clicked)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.folder, 1)
        row_layout.addWidget(browse)
        self.format = QComboBox()
        self.format.addItems(["png", "svg"])
        self.width = QSpinBox()
        self.width.setRange(MIN_WIDTH, MAX_WIDTH)
        self.width.setValue(DEFAULT_WIDTH)
        self.width.setSuffix(" px")
        self.dpi = QSpinBox()
        self.dpi.setRange(MIN_DPI, MAX_DPI)
        self.dpi.setValue(DEFAULT_DPI)
        self.dpi.setSuffix(" dpi")
        self.data = QCheckBox("also each chart's data as CSV")
        self.data.setChecked(True)
        self.format.currentTextChanged.connect(
            lambda fmt: (self.width.setEnabled(fmt == "png"), self.dpi.setEnabled(fmt == "png"))
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Folder", row)
        form.addRow("Format", self.format)
        form.addRow("Width", self.width)
        form.addRow("Resolution", self.dpi)
        form.addRow("", self.data)
        form.addRow(buttons)

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export charts to", self.folder.text())
        if folder:
            self.folder.setText(folder)


class ExportMenu:
    """Builds the Export submenu of ``window`` and runs its actions."""

    def __init__(self, window, menu: QMenu):
        self.window = window
        menu.addAction("All &charts and their data…", self.export_charts)
        menu.addAction("One c&hart…", self.export_one_chart)
        menu.addAction("&Results as CSV…", self.export_results)
        report = menu.addAction("Re&port (PDF or HTML)…", self.export_report)
        report.setShortcut("Ctrl+P")
        window.addAction(report)  # Ctrl+P works while the menu bar is hidden (presenting)

    # Helpers ----------------------------------------------------------------------------
    def _stem(self) -> str:
        s = self.window.state.scenario
        name = s.name or (Path(self.window.state.path).stem if self.window.state.path else "")
        return (
            "".join(c if c.isalnum() or c in "-_" else "_" for c in name).strip("_") or "scenario"
        )

    def _done(self, what: str) -> None:
        self.window.statusBar().showMessage(f"Exported {what}", 8000)

    def _fail(self, exc: Exception) -> None:
        self.window.show_error("Export failed", str(exc))

    # Actions ----------------------------------------------------------------------------
    def export_charts(self) -> None:
        dialog = ChartsDialog(self.window.state.folder, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        folder = Path(dialog.folder.text())
        fmt = dialog.format.currentText()
        files = chart_files(folder, fmt, dialog.data.isChecked())
        existing = [p.name for p in files if p.exists()]
        if (
            existing
            and QMessageBox.question(
                self.window,
                "Replace files?",
                f"{len(existing)} file(s) already exist in {folder}, e.g. {existing[0]}. "
                "Replace them?",
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        try:
            written = export_all(
                self.window.plots.plots,
                self.window.state.analysis,
                folder,
                fmt,
                dialog.width.value(),
                dialog.dpi.value(),
                data=dialog.data.isChecked(),
                force=True,
            )
        except OSError as exc:
            self._fail(exc)
            return
        self._done(f"{len(written)} files to {folder}")

    def export_one_chart(self) -> None:
        titles = [TITLES[c.key] for c in CHARTS]
        title, ok = QInputDialog.getItem(self.window, "Export one chart", "Chart", titles, 0, False)
        if not ok:
            return
        chart = CHARTS[titles.index(title)]
        path, chosen = QFileDialog.getSaveFileName(
            self.window,
            "Save chart",
            str(Path(self.window.state.folder) / f"{chart.file_stem}.png"),
            "PNG image (*.png);;SVG vector image (*.svg);;Chart data (*.csv)",
        )
        if not path:
            return  # the file dialog itself asked before replacing a file
        if not Path(path).suffix:
            path += ".csv" if "csv" in chosen else ".svg" if "svg" in chosen else ".png"
        try:
            if path.lower().endswith(".csv"):
                save_chart_data(self.window.state.analysis, chart, path)
            else:
                save_chart(self.window.plots.plots[chart.key], path, force=True)
        except (OSError, ValueError) as exc:
            self._fail(exc)
            return
        self._done(path)

    def export_results(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "Save results",
            str(Path(self.window.state.folder) / f"{self._stem()}_results.csv"),
            "CSV (*.csv)",
        )
        if not path:
            return
        try:
            atomic_write_text(path, results_csv(self.window.state.analysis.results))
        except OSError as exc:
            self._fail(exc)
            return
        self._done(path)

    def export_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "Save report",
            str(Path(self.window.state.folder) / f"{self._stem()}.pdf"),
            "PDF document (*.pdf);;Web page, self-contained (*.html)",
        )
        if not path:
            return
        if Path(path).suffix.lower() not in (".pdf", ".html", ".htm"):
            path += ".pdf"
        self.write_report(path)

    def write_report(self, path: str) -> bool:
        """Write the current analysis as a report to ``path`` (replacing it)."""
        analysis = self.window.state.analysis
        plots = self.window.plots.plots
        pngs = report_pngs(plots)
        writer = write_pdf_report if path.lower().endswith(".pdf") else write_html_report
        comparison = None
        if self.window.pins:
            labels = [
                "Current",
                *(p.title for p in self.window.pins),
            ]
            comparison = (labels, comparison_rows(analysis, self.window.pins))
        try:
            writer(
                analysis.scenario, analysis.results, pngs, path, force=True, comparison=comparison
            )
        except OSError as exc:
            self._fail(exc)
            return False
        self._done(path)
        return True

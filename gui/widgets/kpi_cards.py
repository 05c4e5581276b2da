"""KPI cards: the headline answers, each turning to a warning colour when a limit breaks."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from whatif.engine.targets import binding_text, target_checks

from ..formatting import count, crossover_text, duration, format_result, percent, usd
from ..theme import Theme

DAYS_PER_YEAR = 365.0


def days(value: float) -> str:
    """A wall-clock time in days, hours or minutes: ``days(45.1)`` -> ``"45 days"``."""
    if value >= 10:
        return f"{value:,.0f} days"
    if value >= 1:
        return f"{value:.1f} days"
    hours = value * 24.0
    if hours >= 1:
        return f"{hours:.1f} h"
    return f"{hours * 60.0:.0f} min" if hours * 60.0 >= 1 else "under a minute"


class KpiCard(QFrame):
    """Title, big value, a detail line; ``set_warning`` recolours the card. Its context
    menu offers *Goal seek…* (``goal_seek_requested`` carries the card's key)."""

    goal_seek_requested = Signal(str)

    def __init__(self, key: str, title: str, tooltip: str, parent=None):
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"kpi_{key}")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu_requested)
        self.menu = QMenu(self)
        self.goal_seek_action = self.menu.addAction("&Goal seek…")
        self.goal_seek_action.triggered.connect(lambda: self.goal_seek_requested.emit(key))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(
            f"{tooltip}\n\nRight-click: goal seek (the input that makes this hit a target)"
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.title = QLabel(title)
        self.title.setWordWrap(True)  # "Cost per 1,000 queries" on two lines in a 1100 px window
        self.value = QLabel("—")
        self.value.setObjectName(f"kpi_{key}_value")
        # The figure shrinks to its card (down to the detail's size) instead of setting the
        # card's width: six cards share a 1100 px window's row equally.
        self.value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._value_px = VALUE_PX
        big = self.value.font()
        big.setPixelSize(VALUE_PX)
        big.setWeight(QFont.Weight.DemiBold)
        self.value.setFixedHeight(QFontMetrics(big).height() + 2)  # whatever size it shrinks to
        self._fitted_width = -1
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        self.warning = False
        self._theme: Theme | None = None

    def _on_context_menu_requested(self, pos) -> None:
        self.menu.popup(self.mapToGlobal(pos))

    def set(self, value: str, detail: str = "", warning: bool = False) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self._fit_value()
        self._fit_detail()
        if warning != self.warning:
            self.warning = warning
            self._restyle()

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._restyle()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fitted_width = -1  # another width: the wrapped texts may need less height
        self._fit_value()
        self._fit_detail()

    def _fit_value(self) -> None:
        """The largest font size (VALUE_PX down to SMALLEST_VALUE_PX) at which the figure
        fits the card's width whole."""
        room = self.contentsRect().width() - 20  # the layout's side margins
        if room <= 0:
            return
        font = self.value.font()
        font.setWeight(QFont.Weight.DemiBold)
        px = VALUE_PX
        while px > SMALLEST_VALUE_PX:
            font.setPixelSize(px)
            if QFontMetrics(font).horizontalAdvance(self.value.text()) <= room:
                break
            px -= 1
        if px != self._value_px:
            self._value_px = px
            self._set_value_font()

    def _set_value_font(self) -> None:
        """The figure's size as its font, not in a style sheet: a knob move that changes
        it (a figure a digit longer) then costs a font, not re-polishing four style sheets."""
        font = self.value.font()
        font.setPixelSize(self._value_px)
        font.setWeight(QFont.Weight.DemiBold)
        self.value.setFont(font)

    def _fit_detail(self) -> None:
        """Grow the card to every wrapped line of the title and the detail (narrow windows
        wrap a detail to 3 lines). At one width the card only grows: a detail one line
        shorter after a knob move keeps its room, so the row of cards, and the charts under
        it, keep their height while the hand moves (each resize re-lays out six charts)."""
        fresh = self._fitted_width != self.width()
        self._fitted_width = self.width()
        for label in (self.title, self.detail):
            height = label.heightForWidth(label.width())
            if height > 0 and (height > label.minimumHeight() or fresh):
                label.setMinimumHeight(height)

    def _restyle(self) -> None:
        t = self._theme
        if t is None:
            return
        border = t.warning if self.warning else t.card_border
        background = t.card if not self.warning else _tint(t.warning, t.card)
        self.setStyleSheet(
            f"#{self.objectName()} {{ background: {background}; "
            f"border: 1px solid {border}; border-radius: 6px; }}"
        )
        self.title.setStyleSheet(
            f"color: {t.warning if self.warning else t.muted}; font-size: 11px;"
        )
        self.value.setStyleSheet(f"color: {t.warning if self.warning else t.text};")
        self._set_value_font()
        self.detail.setStyleSheet(f"color: {t.muted}; font-size: 11px;")


VALUE_PX = 18
"""The figure's font size on a card wide enough for it [px]."""
SMALLEST_VALUE_PX = 11
"""The smallest it shrinks to on a narrow card (the detail's size) [px]."""


def _tint(accent: str, base: str) -> str:
    """``base`` moved 15% toward ``accent`` (a soft warning background)."""
    a = [int(accent[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(base[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(y + 0.15 * (x - y)):02x}" for x, y in zip(a, b, strict=True))


CARDS = (
    (
        "lifetime_cost",
        "Lifetime cost",
        "Training plus serving cost over the horizon; when accuracy has a price "
        "(value per point), the value lost to pruning and drift is shown beside it (the "
        "optimiser minimises the sum)",
    ),
    (
        "share",
        "Training vs inference",
        "Shares of the horizon cost; how long one training run and one retrain take "
        "(wall clock on the training devices; with open weights the pre-training is someone "
        "else's and only the fine-tunes are paid), and when serving overtakes training. Turns "
        "red when a retrain takes longer than the interval between retrains.",
    ),
    (
        "cost_per_1k",
        "Cost per 1,000 queries",
        "Serving cost per 1,000 queries; the fleet's yearly cost and how busy its devices are "
        "on average (whole devices run all year, so a small volume leaves them mostly idle)",
    ),
    (
        "latency",
        "Latency",
        "Time to first token (p99) and per output token against their targets at the peak "
        "hour; for a generic model, end-to-end p99. Says which target sets the operating "
        "concurrency.",
    ),
    ("energy", "Energy and CO2", "Training plus serving energy and emissions over the horizon"),
    ("accuracy", "Mean accuracy", "Mean accuracy over the horizon with pruning and drift"),
)


RETRAIN_WORDS = {"full": "retrain", "fine_tune": "fine-tune", "lora": "LoRA fine-tune"}
"""What one run of each retrain method is called on the cards."""


class KpiRow(QWidget):
    """The row of cards, filled from an Analysis; ``goal_seek_requested(card key)`` when a
    card's context menu asks for a goal seek."""

    goal_seek_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.cards = {key: KpiCard(key, title, tip) for key, title, tip in CARDS}
        for card in self.cards.values():
            # Equal shares of the row: by their wrapped texts' hints the cards got from 75 to
            # 155 px at 1100 px, and "Cost per 1,000 queries" wrapped to three lines.
            layout.addWidget(card, 1)
            card.goal_seek_requested.connect(self.goal_seek_requested)

    def apply_theme(self, theme: Theme) -> None:
        for card in self.cards.values():
            card.apply_theme(theme)

    def update_from(self, analysis) -> None:
        s, r = analysis.scenario, analysis.results
        c = self.cards
        horizon = float(s.economics.horizon_months)
        train_fits = bool(r.training.fits)
        serve_fits = bool(r.inference.fits)
        lost = float(r.lifecycle.horizon_quality_cost_usd)
        needed = float(r.training.min_devices)
        c["lifetime_cost"].set(
            usd(float(r.lifecycle.horizon_cost_usd)),
            f"over {horizon:g} months"
            + (f" · plus {usd(lost)} of value lost to accuracy" if lost > 0 else "")
            + ("" if train_fits else f" · training needs ≥ {count(needed, 'device')}"),
            warning=not train_fits,
        )
        share = float(r.lifecycle.training_share)
        crossover = float(r.lifecycle.crossover_month)
        when = crossover_text(crossover)
        preposition = {"t": "in", "d": "on", "m": "at", "n": ""}[when[0]]
        cross = (
            f"serving overtakes {preposition} {when}"
            if when != "never"
            else ("serving never overtakes")
        )
        run_days = float(r.training.wall_clock_days)
        retrain_days = float(r.training.retrain_wall_clock_days)
        retrains = float(s.training.retrains_per_year)
        interval_days = DAYS_PER_YEAR / retrains if retrains > 0 else float("inf")
        late = retrains > 0 and retrain_days > interval_days
        if s.model.pretraining == "open_weights":  # the first run adapts published weights
            method = RETRAIN_WORDS[s.training.retrain_method]
            clock = f"open weights (no pre-training paid); a {method} takes {days(run_days)}"
        else:
            clock = f"one run takes {days(run_days)}"
            if retrains > 0:
                clock += f", a retrain {days(retrain_days)}"
        if late:  # the article's "training latency": the next retrain is due before it ends
            clock = (
                f"a retrain takes {days(retrain_days)}, longer than the "
                f"{days(interval_days)} between retrains · one run {days(run_days)}"
            )
        c["share"].set(
            f"{percent(share, 0)} / {percent(1 - share, 0)}", f"{clock} · {cross}", warning=late
        )
        per_1k = float(r.inference.cost_per_1k_queries_usd)
        saturated = bool(r.inference.saturated)
        if saturated:
            c["cost_per_1k"].set(
                usd(per_1k),
                "queue saturated: the fleet cannot serve this volume, so this price is not real",
                warning=True,
            )
        else:
            c["cost_per_1k"].set(
                usd(per_1k),
                f"{usd(float(r.inference.yearly_cost_usd))}/year on "
                f"{count(float(r.inference.devices), 'device')}, "
                f"busy {percent(float(r.inference.utilization))}"
                + ("" if serve_fits else " · model does not fit")
                + _api_text(r),
                warning=not serve_fits,
            )
        checks = target_checks(s, r)
        llm = s.model.kind == "llm"
        headline = float(r.inference.ttft_p99_s if llm else r.inference.latency_p99_s)
        parts = [
            f"{ch.name} {duration(ch.achieved_s)} / {duration(ch.target_s)}"
            + ("" if ch.met else " missed")
            for ch in checks
        ]
        if llm and not any(ch.name == "TPOT" for ch in checks):
            parts.append(f"TPOT {duration(float(r.inference.tpot_s))}")
        parts.append(f"set by {binding_text(r)}")
        if saturated:
            c["latency"].set("saturated", "queue grows without bound", warning=True)
        elif not serve_fits:
            c["latency"].set(
                duration(headline), "the model does not fit the serving devices", warning=True
            )
        else:
            missed = not bool(r.inference.slo_met)
            label = "TTFT " if llm else ""
            c["latency"].set(label + duration(headline), " · ".join(parts), warning=missed)
        energy = float(r.lifecycle.horizon_energy_kwh)
        co2 = float(r.lifecycle.horizon_co2_kg)
        c["energy"].set(
            format_result(energy, "kWh"), f"{format_result(co2, 'kgCO2e')} over the horizon"
        )
        mc = getattr(analysis, "uncertainty", None)
        if mc is not None:  # Monte Carlo ranges under the headline numbers
            low, _, high = mc.bands["lifecycle.horizon_cost_usd"]
            card = c["lifetime_cost"]
            card.detail.setText(f"P10-P90 {usd(low)}-{usd(high)} over {horizon:g} months")
            low, _, high = mc.bands["inference.cost_per_1k_queries_usd"]
            c["cost_per_1k"].detail.setText(f"P10-P90 {usd(low)}-{usd(high)}")
        acc = float(r.quality.mean_accuracy)
        c["accuracy"].set(
            percent(acc),
            f"{percent(float(r.quality.accuracy_after_pruning))} "
            "after pruning, drift between retrains",
        )


def _api_text(r) -> str:
    """The API's price beside ours, when the scenario compares one (build vs buy)."""
    api = float(r.inference.api_cost_per_1k_queries_usd)
    if not math.isfinite(api):
        return ""
    return f" · API {usd(api)}"

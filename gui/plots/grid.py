"""The six tradeoff charts in a grid, updated together from one Analysis."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from .cumulative_cost_plot import CumulativeCostPlot
from .heatmap_plot import HeatmapPlot
from .latency_plot import LatencyPlot
from .pruning_plot import PruningPlot
from .retraining_plot import RetrainingPlot
from .volume_plot import VolumePlot


class PlotGrid(QWidget):
    """Three columns by two rows of charts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plots = {
            "cumulative": CumulativeCostPlot(),
            "volume": VolumePlot(),
            "pruning": PruningPlot(),
            "retraining": RetrainingPlot(),
            "latency": LatencyPlot(),
            "heatmap": HeatmapPlot(),
        }
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for index, plot in enumerate(self.plots.values()):
            layout.addWidget(plot, index // 3, index % 3)

    def apply_theme(self, theme) -> None:
        for plot in self.plots.values():
            plot.apply_theme(theme)

    def reset_ranges(self) -> None:
        """Forget the axis ranges (another scenario was opened)."""
        for plot in self.plots.values():
            plot.reset_ranges()

    def show_plan(self, plan) -> None:
        """Mark an optimised plan's retraining cadence and pruning ratio (None clears)."""
        from .retraining_plot import to_axis

        if plan is None:
            self.plots["retraining"].show_plan(None)
            self.plots["pruning"].show_plan(None)
            return
        self.plots["retraining"].show_plan(
            float(to_axis(plan.retrains_per_year)), f"optimised ({plan.hardware})"
        )
        self.plots["pruning"].show_plan(plan.pruning_ratio * 100.0, "optimised")

    def set_overlays(self, pins) -> None:
        for plot in self.plots.values():
            plot.set_overlays(pins)

    def update_from(self, analysis) -> None:
        for name in self.plots:
            self.update_part(name, analysis)

    def update_part(self, name: str, analysis) -> None:
        """Redraw chart ``name`` from ``analysis``."""
        plot = self.plots[name]
        plot.update_from(analysis)
        plot.settle()
        plot.refresh_readout()  # a read-out shows the new data, never the old

"""Help > Formulas and sources: the model, its formulas and where each comes from."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

HELP_HTML = """
<h2>How the analyzer works</h2>
<p>Every number comes from <code>engine.evaluate</code> on the current scenario; every chart
is one vectorised evaluation over an array of one or two knobs.</p>
<h3>Training (episodic)</h3>
<ul>
<li>Compute: <b>6&nbsp;N&nbsp;D</b> FLOP for a dense transformer (Kaplan et al. 2020;
Hoffmann et al. 2022); 3 &times; forward &times; samples &times; epochs for other models.</li>
<li>Time: compute / (devices &times; peak &times; MFU). Energy: device-hours &times; TDP
&times; PUE (Lacoste et al. 2019; Patterson et al. 2021); carbon: energy &times; grid
intensity.</li>
<li>Retraining: each retrain costs the retrain fraction of a full run; pruning adds a
recovery fine-tune after each (re)training.</li>
</ul>
<h3>Inference (continuous)</h3>
<ul>
<li>Roofline: a step takes max(FLOP / compute, bytes / bandwidth) + overhead
(Williams et al. 2009). LLM decode streams the weights and the KV cache every step
(Pope et al. 2022).</li>
<li>Batch: the largest that fits memory and keeps service time within the SLO's share.
Sharding over the fewest devices that hold the model, or 2/4/8 times that when it serves
more per device; two all-reduces per layer.</li>
<li>Replicas cover the peak at the target utilisation; latency adds M/M/c (Erlang C)
waiting time at the peak (Kleinrock 1975). A saturated queue is flagged.</li>
<li>Pruning saves only what the hardware realises: unstructured sparsity rarely speeds up
GPUs; 2:4 gives 1.1&ndash;1.5&times; on sparse tensor cores (Mishra et al. 2021); channel
pruning makes a smaller dense model.</li>
</ul>
<h3>Quality</h3>
<ul>
<li>Accuracy after pruning: baseline &times; exp(&minus;s &times; structure &times; r<sup>3</sup>),
calibrated on Wanda / SparseGPT results for LLaMA-7B (Sun et al. 2023).</li>
<li>Drift: accuracy falls linearly since the last retrain; the mean over a cycle of T
months loses drift &times; T / 2.</li>
<li>With a value per accuracy point, the best retraining frequency is
f* = &radic;(V &times; d / (2 C)).</li>
</ul>
<h3>Lifecycle</h3>
<p>Crossover: the month when cumulative serving cost passes cumulative training cost.
Break-even: the daily volume at which a year of serving costs a year of training.</p>
<h3>Keyboard</h3>
<p>Alt+1/2/3 focus the knobs (arrows and Page Up/Down move them); Ctrl+Z / Ctrl+Shift+Z undo
and redo; Ctrl+1 / Ctrl+2 switch charts and hardware table; Ctrl+Shift+D the dark look.</p>
"""


class HelpDialog(QDialog):
    """A scrollable page of the model's formulas and sources."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Formulas and sources")
        self.resize(720, 640)
        browser = QTextBrowser()
        browser.setHtml(HELP_HTML)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)

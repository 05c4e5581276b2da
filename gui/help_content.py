"""The words of Help: a start page, how to read each chart, and a glossary whose
definitions follow the engine's formulas (engine/training.py, inference.py, lifecycle.py)."""

from __future__ import annotations

from html import escape

START_HTML = """<h2>Start here</h2>
<p>whatif answers one question: over its life, where does the money for an AI model go,
training or serving, and what changes the answer? Every number on the screen comes from one
model of training (episodic) and inference (continuous) evaluated on the scenario you see.</p>
<h3>The three knobs (left)</h3>
<ol>
<li><b>Query volume</b>: queries per day, 10 to 10 billion on a log scale. Serving cost grows
with it; training does not. Alt+1 focuses it.</li>
<li><b>Retraining frequency</b>: never to weekly. Each retrain costs training again, but a
fresh model loses less accuracy to drift. Alt+2.</li>
<li><b>Pruning ratio</b>: the share of weights removed, 0 to 90%. Serving gets cheaper where
the hardware realises the sparsity; accuracy falls past a knee. Alt+3.</li>
</ol>
<p>Drag a slider, press the arrow or Page Up/Down keys, or type a value with its unit
(<i>2.5M</i>, <i>every 3 months</i>, <i>40%</i>). Under the knobs, the assumptions (model,
hardware, prices, targets) are grouped and collapsible; each field's tooltip gives its range
and source.</p>
<h3>What to look at</h3>
<p>The cards on top are the headline answers; a card turns red when a limit breaks (a missed
latency target, a model that does not fit, a retrain longer than the interval between
retrains). Right-click a card for <i>Goal seek…</i>: the value of one input that makes that
card's result hit a target. The charts below redraw live; hover any chart to read its
values. <i>Analyse</i> holds the optimiser, the sensitivity tornado, model sizing,
uncertainty bands and pinned scenarios to compare.</p>
<p>Every change is one undo step (Ctrl+Z). Demos (Ctrl+Alt+1…) open untitled, so saving never
changes them.</p>
"""

CHARTS = (
    (
        "Cumulative cost over the horizon",
        "x: months from now to the horizon. y: money spent so far (USD). The blue line is "
        "training: a step at month 0 for the first run, and a step at each retrain (episodic). "
        "The orange line is inference, a ramp that grows with the query volume (continuous). "
        "The dashed dark line is their total. The circle marks the <b>crossover</b>, the month "
        "serving's running total passes training's; with uncertainty bands on, the shaded band "
        "is the total's P10-P90 and the dotted line its P50.",
    ),
    (
        "Yearly cost vs query volume",
        "x: queries per day (log scale). y: cost per year (USD, log scale). Blue is training "
        "per year (flat: it does not depend on volume), orange serving per year, dashed dark "
        "the total. The grey dashed vertical line is the <b>break-even</b> volume, where yearly "
        "serving equals yearly training; the star marks <i>you are here</i>. When the scenario "
        "compares an API, its cost is the red dash-dot line and the red dotted line marks the "
        "volume from which running your own model costs less.",
    ),
    (
        "Pruning: cost, latency and accuracy",
        "x: pruning ratio (share of weights removed). y: each curve relative to the unpruned "
        "model: serving cost (orange), p99 latency (pink) and accuracy (green). The dashed "
        "vertical line is the current pruning ratio. Cost and latency fall only as far as the "
        "hardware realises the sparsity (2:4 stops at 50%); accuracy is flat at first and "
        "falls past a knee.",
    ),
    (
        "Retraining: cost and accuracy",
        "x: retrains per year on the knob's scale (never ... weekly). y: yearly cost (USD). "
        "Blue is training per year, dark the training plus serving total, the purple dashed "
        "line adds the value lost to drift (when accuracy has a price), and the green dotted "
        "line is mean accuracy (right axis, %). The diamond marks the optimum cadence; the dashed "
        "vertical line is the current one.",
    ),
    (
        "Latency (or time to first token) vs offered load",
        "x: peak load (queries/s) on the current fleet. y: latency; for an LLM with a TTFT "
        "target, time to first token, else end to end. Blue is the median (p50), pink the "
        "p99. The red dashed horizontal line is the target, the grey dotted vertical line the "
        "capacity where the queue grows without bound, and the star the current peak load. "
        "Latency rises steeply as load nears capacity: that is queueing, not slower devices.",
    ),
    (
        "Training share of lifetime cost (heatmap)",
        "x: query volume (queries/day, log scale). y: retrains per year. Colour: training's "
        "share of the lifetime cost, from blue (serving dominates) through white (an even "
        "split) to red (training dominates); the colour bar below gives the scale. The star is "
        "the current scenario; pinned scenarios show as labelled circles.",
    ),
)
"""Each chart: (title, what its axes, curves, markers, bands and colours mean)."""

CHART_NOTES = (
    "Colours are the same on every chart: blue training, orange serving, dark the total, "
    "pink the markers for where you are, red a target or a warning. Pinned scenarios (A, "
    "B, C...) are overlaid as lines of their own colour and dash style (A teal dashed, B "
    "amber dotted, C violet dash-dot), named in the legend "
    '("A: total"). Hover shows the values under '
    "the pointer; File > Export writes each chart and its data."
)

GLOSSARY = (
    (
        "Break-even volume",
        "The daily query volume at which a year of serving costs as much as a year of "
        "training (training over the horizon, per year).",
    ),
    (
        "Continuous batching",
        "How LLM servers (vLLM, TensorRT-LLM, SGLang) run: each iteration advances every "
        "sequence in flight by one token and admits new ones as others finish. The fleet is "
        "sized for B sequences in flight per replica (the most every target allows); the load "
        "keeps b = lambda x S(b) <= B in flight (Little's law), and latencies are taken at b. "
        "One iteration takes max(compute, memory) time plus overhead.",
    ),
    (
        "Crossover",
        "The month in which the cumulative cost of serving passes the cumulative cost of "
        "training; <i>never</i> when that happens after the horizon.",
    ),
    (
        "Drift",
        "Accuracy lost per month since the last retrain. With a retrain every T months the "
        "mean loss over a cycle is drift x T / 2.",
    ),
    (
        "Goodput",
        "The share of a training run's wall-clock time that advances the model; the rest is "
        "lost to failures, restarts and checkpoints. Device-hours are divided by it.",
    ),
    (
        "Horizon",
        "The planning period over which lifetime cost, energy and CO2 are summed (months).",
    ),
    (
        "KV cache",
        "The attention keys and values of every token a sequence has seen, kept per layer so "
        "they are not recomputed: 2 x layers x KV heads x head size x bytes per token. It "
        "is read every iteration and its memory limits the concurrency.",
    ),
    (
        "MFU",
        "Model-FLOPs utilisation: the share of the devices' dense peak FLOP/s a training run "
        "achieves. Training time = 6 x N x D / (devices x peak x MFU), with N parameters and "
        "D tokens.",
    ),
    (
        "MoE",
        "Mixture of experts: all parameters are stored, but each token runs through the "
        "shared layers and k of E experts only (the active parameters), so compute follows the "
        "active count and memory the total.",
    ),
    (
        "P10 / P50 / P90",
        "Percentiles of the Monte Carlo samples (Analyse > Uncertainty bands): 10%, 50% and "
        "90% of the sampled outcomes lie below them. P50 is the median.",
    ),
    (
        "p50 / p99 latency",
        "The latency that half, or 99%, of queries in the peak hour stay under; p99 exceeds "
        "p50 when queries wait for a free replica.",
    ),
    (
        "Pruning ratio",
        "The share of weights removed. Unstructured sparsity needs hardware support to save "
        "time; 2:4 structured sparsity removes at most 50% and is realised by recent GPUs.",
    ),
    (
        "PUE",
        "Power usage effectiveness: the data centre's total energy over its IT energy (1.1 "
        "means 10% on cooling and power delivery). Every energy figure is multiplied by it.",
    ),
    (
        "Retrain fraction",
        "The compute of one retrain as a fraction of a full run: 1 retrains from scratch, "
        "0.05 continues pre-training on fresh data.",
    ),
    (
        "SLO",
        "Service-level objective: the latency targets serving must meet in the peak hour: "
        "TTFT p99, TPOT and end-to-end p99, each optional. The fleet is sized for the cheapest "
        "concurrency and replica shape that meet all of them.",
    ),
    (
        "Target utilisation",
        "The busy fraction replicas are sized for at the peak hour; lower leaves headroom and "
        "shortens queues, higher costs less.",
    ),
    (
        "TCO",
        "Total cost of ownership (owned pricing): the purchase amortised over the lifetime "
        "with the cost of capital, plus server share, network, hosting per kW, operations and "
        "energy.",
    ),
    (
        "TPOT",
        "Time per output token: the mean time between output tokens after the first, one "
        "iteration of the server at the concurrency the peak load keeps in flight (at least "
        "one sequence).",
    ),
    (
        "TTFT",
        "Time to first token: the wait for admission plus the prefill of the prompt. "
        "End-to-end latency = TTFT + (output tokens - 1) x TPOT.",
    ),
)
"""Terms and their definitions, alphabetical; each as the engine computes it."""


def charts_html() -> str:
    """The chart-reading guide as HTML."""
    rows = "".join(f"<h3>{escape(title)}</h3><p>{text}</p>" for title, text in CHARTS)
    return f"<h2>Reading the charts</h2>{rows}<p><i>{escape(CHART_NOTES)}</i></p>"


def glossary_html() -> str:
    """The glossary as an HTML definition list."""
    items = "".join(f"<dt><b>{escape(term)}</b></dt><dd>{text}</dd>" for term, text in GLOSSARY)
    return f"<h2>Glossary</h2><dl>{items}</dl>"

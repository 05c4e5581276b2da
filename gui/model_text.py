"""The model in words: formulas and references, shared by Help and the reports."""

from __future__ import annotations

MODEL_HTML = """
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
<li>Continuous batching: a replica keeps B sequences in flight and runs iterations
(Yu et al. 2022, Orca; Kwon et al. 2023, vLLM). Each iteration decodes one token for every
sequence and fills the rest of its token budget with chunks of waiting prompts, so a
prefill lengthens the iterations it joins (Agrawal et al. 2024, Sarathi-Serve).</li>
<li>An iteration's time: the products through the weights and the attention over the KV
cache are separate kernels, each bound by its own roofline, max(FLOP / compute,
bytes / bandwidth) (Williams et al. 2009), plus a fixed overhead, two all-reduces per layer
when sharded and the draft model's steps with speculative decoding (Leviathan et al.
2023). A mixture of experts reads the experts its tokens touch,
E&nbsp;(1&nbsp;&minus;&nbsp;(1&nbsp;&minus;&nbsp;k/E)<sup>T</sup>) per layer, and computes
with the active parameters.</li>
<li>Targets: time to first token (TTFT = admission wait + prefill), time per output token
(TPOT = the iteration time), end-to-end (TTFT + the remaining tokens &times; TPOT); each
optional (Zhong et al. 2024, DistServe). The concurrency is the largest that fits the KV
memory and meets every target (closed forms, so cost is smooth in each target); the replica
shape (a power-of-two tensor degree that divides the heads) is the cheapest that meets
them. The latency card says which target binds.</li>
<li>Replicas cover the peak at the target utilisation; their slots are the servers of an
M/G/c queue whose wait is Erlang C's (Kleinrock 1975) scaled by (1 + cv&sup2;)/2
(Allen&ndash;Cunneen), so p99 exceeds p50 when the fleet runs hot. A saturated queue is
flagged.</li>
<li>Latency is taken where the traffic actually runs: the peak keeps
b&nbsp;=&nbsp;&lambda;&nbsp;S(b) sequences in flight per replica (Little 1961; &lambda; the
peak queries/s per replica, S(b) a sequence's stay at concurrency b, at least one
iteration's), at most B. A lone request is answered in one short pass, not in a full
batch's; the fleet, its cost and its energy stay sized at B.</li>
<li>Energy per query: accelerators (idle to TDP by load), the hosts' CPUs and memory, and
spare capacity that idles, all &times; PUE, as Google measures serving (Elsworth et al.
2025).</li>
<li>Pruning saves only what the hardware realises: unstructured sparsity rarely speeds up
GPUs; 2:4 gives 1.1&ndash;1.5&times; on sparse tensor cores (Mishra et al. 2021); channel
pruning makes a smaller dense model.</li>
</ul>
<h3>Costs</h3>
<ul>
<li>Training time divides by goodput (the share of wall-clock that advances the model:
over 90% for Llama 3, Dubey et al. 2024); an owned pre-training adds its development and
ablation runs (about half the final run, Morrison et al. 2025). fp8 runs 1.3&times; faster
than bf16, as published runs show, not 2&times;.</li>
<li>Open weights pay no pre-training; retrains are full runs, fine-tunes (6&nbsp;N per
token) or LoRA (4&nbsp;N per token, frozen weights; Hu et al. 2021, Dettmers et al.
2023).</li>
<li>Rented: on demand, 1- or 3-year commitments, or spot (less time-efficient for
training; refused for serving under a latency target unless allowed). Owned: device,
server and network as an annuity at the cost of capital, hosting per kW, operations and
electricity.</li>
<li>An autoscaled fleet runs whole replicas, never fewer than its minimum, with headroom
for cold starts. An API priced per million tokens is the build-vs-buy line.</li>
<li>Carbon adds the hardware's embodied emissions, amortised over its life (Luccioni et
al. 2023).</li>
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
"""
"""How the numbers are made (HTML that Qt's rich text and browsers both render)."""

REFERENCES = (
    "Agrawal, A. et al. (2024). Taming throughput-latency tradeoff in LLM inference with "
    "Sarathi-Serve. OSDI.",
    "Allen, A. O. (1990). Probability, Statistics, and Queueing Theory, 2nd ed. Academic "
    "Press (the Allen-Cunneen approximation).",
    "Ainslie, J. et al. (2023). GQA: Training generalized multi-query transformer models "
    "from multi-head checkpoints. EMNLP.",
    "Brown, T. et al. (2020). Language models are few-shot learners. NeurIPS.",
    "Chowdhery, A. et al. (2022). PaLM: Scaling language modeling with pathways. arXiv:2204.02311.",
    "DeepSeek-AI (2024). DeepSeek-V3 technical report. arXiv:2412.19437.",
    "Elsworth, C. et al. (2025). Measuring the environmental impact of delivering AI at "
    "Google scale. arXiv:2508.15734.",
    "Frantar, E. and Alistarh, D. (2023). SparseGPT: Massive language models can be "
    "accurately pruned in one-shot. ICML.",
    "Dettmers, T. et al. (2023). QLoRA: Efficient finetuning of quantized LLMs. NeurIPS.",
    "Dubey, A. et al. (2024). The Llama 3 herd of models. arXiv:2407.21783.",
    "Hoffmann, J. et al. (2022). Training compute-optimal large language models. arXiv:2203.15556.",
    "Hu, E. et al. (2022). LoRA: Low-rank adaptation of large language models. ICLR.",
    "Kaplan, J. et al. (2020). Scaling laws for neural language models. arXiv:2001.08361.",
    "Kleinrock, L. (1975). Queueing Systems, Volume 1: Theory. Wiley.",
    "Kwon, W. et al. (2023). Efficient memory management for large language model serving "
    "with PagedAttention. SOSP.",
    "Lacoste, A. et al. (2019). Quantifying the carbon emissions of machine learning. "
    "arXiv:1910.09700.",
    "Leviathan, Y., Kalman, M. and Matias, Y. (2023). Fast inference from transformers via "
    "speculative decoding. ICML.",
    "Luccioni, A. S., Viguier, S. and Ligozat, A.-L. (2023). Estimating the carbon footprint "
    "of BLOOM, a 176B parameter language model. JMLR 24(253).",
    "Ma, X., Fang, G. and Wang, X. (2023). LLM-Pruner: On the structural pruning of large "
    "language models. NeurIPS.",
    "Mishra, A. et al. (2021). Accelerating sparse deep neural networks. arXiv:2104.08378.",
    "Narayanan, D. et al. (2021). Efficient large-scale language model training on GPU "
    "clusters using Megatron-LM. SC21.",
    "Patterson, D. et al. (2021). Carbon emissions and large neural network training. "
    "arXiv:2104.10350.",
    "Pope, R. et al. (2022). Efficiently scaling transformer inference. arXiv:2211.05102.",
    "Rajbhandari, S. et al. (2020). ZeRO: Memory optimizations toward training trillion "
    "parameter models. SC20.",
    "Shoeybi, M. et al. (2019). Megatron-LM: Training multi-billion parameter language "
    "models using model parallelism. arXiv:1909.08053.",
    "Sun, M. et al. (2023). A simple and effective pruning approach for large language "
    "models (Wanda). arXiv:2306.11695.",
    "Touvron, H. et al. (2023). Llama 2: Open foundation and fine-tuned chat models. "
    "arXiv:2307.09288.",
    "MLCommons (2024-2025). MLPerf Inference v4.1 and v5.0 datacenter results, Llama-2-70B.",
    "Morrison, J. et al. (2025). Holistically evaluating the environmental impact of creating "
    "language models. ICLR.",
    "NVIDIA (2025). TensorRT-LLM performance overview (perf-overview.md, v0.17).",
    "Williams, S., Waterman, A. and Patterson, D. (2009). Roofline: An insightful visual "
    "performance model for multicore architectures. CACM 52(4).",
    "Yu, G.-I. et al. (2022). Orca: A distributed serving system for transformer-based "
    "generative models. OSDI.",
    "Zhong, Y. et al. (2024). DistServe: Disaggregating prefill and decoding for goodput-"
    "optimized large language model serving. OSDI.",
)

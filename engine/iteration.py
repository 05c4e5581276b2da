"""One iteration of a continuous-batching server, and the concurrency each target allows.

A replica keeps ``B`` sequences in flight (Yu et al. 2022, Orca; Kwon et al. 2023, vLLM).
Each iteration decodes one position for every sequence (``2 s - 1`` positions with
speculative decoding, which yields ``s`` tokens a step; Leviathan et al. 2023) and fills the
rest of its token budget with chunks of waiting prompts (chunked prefill: Agrawal et al.
2024, Sarathi-Serve), so a prefill lengthens the iterations it joins. An iteration's time is
the roofline (Williams et al. 2009) of its FLOP and bytes, plus a fixed overhead, tensor-
parallel all-reduces and expert-parallel all-to-alls, plus the draft model's steps.

Every function here is vectorised: arrays broadcast, and the bounds are closed forms (or a
few Newton steps where a mixture of experts makes the bytes concave in the batch), never a
search, so a 1,000 x 1,000 grid stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

COLLECTIVE_LATENCY_S = 10e-6
"""Fixed latency of one collective (all-reduce or all-to-all) between the devices of a
replica [s]: NCCL's small-message all-reduce on an NVLink node takes ~5-20 us (estimate from
nccl-tests); it makes a tensor-parallel replica's iteration at least ``2 x layers`` of them."""

NEWTON_STEPS = 8
"""Newton steps for the MoE bound (concave, approached from below: monotone, no overshoot)."""


@dataclass(frozen=True)
class Workload:
    """Per-sequence work after pruning and quantisation (arrays broadcast together).

    A generic model (vision, recommendation) is a sequence of one output and no prompt:
    every query is one pass of ``token_flops`` FLOP moving ``query_bytes`` bytes.
    """

    prefill_tokens: np.ndarray  # prompt tokens to prefill per query (after prefix-cache hits)
    prefill_context: np.ndarray  # mean context a prefilled token attends to [tokens]
    decode_context: np.ndarray  # mean context a decoded token attends to [tokens]
    output_tokens: np.ndarray  # tokens generated per query (1 for generic models)
    token_flops: np.ndarray  # FLOP per token through the weights (2 x active params)
    attention_flops: np.ndarray  # FLOP per token per context token (2 n_layer d_model)
    dense_bytes: np.ndarray  # weight bytes every iteration reads (all weights if dense)
    expert_bytes: np.ndarray  # weight bytes of one routed expert over all MoE layers
    experts: np.ndarray  # routed experts per MoE layer (1 = dense)
    experts_per_token: np.ndarray  # routed experts a token uses
    kv_bytes: np.ndarray  # KV-cache bytes per context token
    query_bytes: np.ndarray  # other bytes per query (generic models' inputs, activations)
    allreduce_bytes: np.ndarray  # tensor-parallel all-reduce payload per token [bytes]
    alltoall_bytes: np.ndarray  # expert-parallel dispatch + combine payload per token [bytes]
    collectives: np.ndarray  # collectives per iteration when sharded (2 per layer, +2 if MoE)
    weight_bytes: np.ndarray  # weights as stored [bytes]
    speculative: np.ndarray  # tokens accepted per target step (1 = off)
    draft_flops: np.ndarray  # FLOP per draft token
    draft_bytes: np.ndarray  # draft weights [bytes]
    flops_per_query: np.ndarray  # reported total FLOP per query

    @property
    def verified(self):
        """Positions each sequence runs through the target per step: ``2 s - 1``."""
        return 2.0 * self.speculative - 1.0

    @property
    def drafted(self):
        """Draft tokens proposed per step: ``2 (s - 1)``."""
        return 2.0 * (self.speculative - 1.0)

    @property
    def prefill_per_decode(self):
        """Prompt tokens prefilled per sequence per step in the steady state: a sequence
        decodes for ``O / s`` steps and needs ``P_eff`` prefilled over its life."""
        return self.prefill_tokens * self.speculative / self.output_tokens


@dataclass(frozen=True)
class Replica:
    """Rates of one replica of ``devices`` devices (arrays)."""

    devices: np.ndarray
    compute_flops: np.ndarray  # reachable FLOP/s of the replica
    bandwidth: np.ndarray  # reachable bytes/s of the replica
    interconnect: np.ndarray  # bytes/s per device per direction
    memory: np.ndarray  # usable bytes of the replica
    overhead_s: np.ndarray  # fixed cost of one iteration [s]


@dataclass(frozen=True)
class Lines:
    """``time(B) = max_j(intercept_j + slope_j B + moe_j g(B))`` for one kind of iteration,
    with ``g(B) = G - u exp(-lam B)`` the bytes of the experts touched."""

    intercepts: list
    slopes: list
    moe: list  # per line: 0, or 1 / bandwidth (the line carries g)
    expert_total: np.ndarray  # G: bytes of every expert
    expert_left: np.ndarray  # u: G q^(tokens at B = 0)
    decay: np.ndarray  # lam: -(tokens per B) ln q


def _touched_fraction_base(w: Workload):
    """q = 1 - k/E: the chance a given expert is missed by one token."""
    return np.clip(1.0 - w.experts_per_token / w.experts, 0.0, 1.0)


def iteration_lines(w: Workload, r: Replica, prefill0, prefill1) -> Lines:
    """An iteration with ``B`` decoding sequences and ``prefill0 + prefill1 B`` prompt tokens
    as lines in ``B``.

    The matrix products through the weights and the attention over the KV cache are separate
    kernels that run one after the other, each bound by its own roofline: the iteration takes
    ``max(F_w / C, W / BW) + max(F_a / C, KV / BW)``, plus the fixed overhead, the collectives
    and the draft model's ``2 (s - 1)`` steps (its own roofline). A sum of maxima is the
    maximum of the sums, so the time stays the maximum of lines in ``B``.
    """
    v = w.verified
    tokens0, tokens1 = prefill0, v + prefill1
    weights_c = (prefill0 * w.token_flops, tokens1 * w.token_flops)
    attention_c = (
        prefill0 * w.attention_flops * w.prefill_context,
        w.attention_flops * (v * w.decode_context + prefill1 * w.prefill_context),
    )
    weights_m = (w.dense_bytes, w.query_bytes)
    attention_m = (prefill0 * w.kv_bytes, w.kv_bytes * (w.decode_context + prefill1))
    k = r.devices
    wire = np.where(
        k > 1,
        (w.allreduce_bytes * 2.0 * (k - 1) / k + w.alltoall_bytes * (k - 1) / k**2)
        / r.interconnect,
        0.0,
    )
    collectives = np.where(k > 1, w.collectives * COLLECTIVE_LATENCY_S, 0.0)
    fixed = r.overhead_s * (1.0 + w.drafted) + collectives + tokens0 * wire
    per_b = tokens1 * wire
    c, bw = r.compute_flops, r.bandwidth
    weights = (
        (weights_c[0] / c, weights_c[1] / c, 0.0),
        (weights_m[0] / bw, weights_m[1] / bw, 1.0 / bw),
    )
    attention = (
        (attention_c[0] / c, attention_c[1] / c),
        (attention_m[0] / bw, attention_m[1] / bw),
    )
    draft = ((0.0, w.drafted * w.draft_flops / c), (w.drafted * w.draft_bytes / bw, 0.0))
    intercepts, slopes, moe = [], [], []
    for wi, ws, m in weights:
        for ai, as_ in attention:
            for di, ds in draft:
                intercepts.append(fixed + wi + ai + di)
                slopes.append(per_b + ws + as_ + ds)
                moe.append(m)
    q = _touched_fraction_base(w)
    total = w.expert_bytes * w.experts
    log_q = np.log(np.where(q > 0, q, 1.0))  # q = 0 (every expert used) touches all at once
    left = np.where(q > 0, total * np.exp(np.maximum(tokens0 * log_q, -700.0)), 0.0)
    decay = np.where(q > 0, -tokens1 * log_q, 0.0)
    return Lines(intercepts, slopes, moe, total * np.ones_like(left), left, decay)


def evaluate_lines(lines: Lines, b):
    """Time of the iteration at ``b`` sequences [s]: the highest of the lines at ``b``, kept
    as a running maximum (stacking every line first copied them all: a third of a
    million-point evaluation). Large arrays are combined in place; small ones plainly (the
    checks in-place work needs cost more than it saves on a chart's few hundred points)."""
    moe = [not (np.ndim(m) == 0 and float(m) == 0.0) for m in lines.moe]
    g = lines.expert_total - lines.expert_left * np.exp(-lines.decay * b) if any(moe) else 0.0
    top = None
    large = False
    for i, s, m, touched in zip(lines.intercepts, lines.slopes, lines.moe, moe, strict=True):
        if not large:
            line = s * b + i
            if touched:
                line = line + m * g
            if top is None:
                top = line
                large = isinstance(top, np.ndarray) and top.size >= IN_PLACE_SIZE
            else:
                top = np.maximum(top, line)
            continue
        line = np.multiply(s, b)  # a fresh array (or scalar): safe to add into
        line = np.add(line, i, out=line if _owns(line, i) else None)
        if touched:
            line = line + m * g
        top = np.maximum(top, line, out=top if _owns(top, line) else None)
    return top


def upper_lines(lines: Lines) -> Lines:
    """``lines`` without the lines that are nowhere above another one at any ``B >= 0``
    (intercept, slope and MoE share all no higher at every point; of equal lines the first
    stays). :func:`evaluate_lines` gives the very same times at ``B >= 0`` with fewer lines:
    rounding is monotone, so a line whose coefficients are no higher never rounds above the
    other, and a maximum is exact. Most lines go: the two draft lines coincide without
    speculative decoding, the attention lines of a generic model are zero, and decode is
    memory-bound everywhere (2 of 8 lines on most demos)."""
    n = len(lines.intercepts)
    if n < 2:
        return lines
    columns = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (*lines.intercepts, *lines.slopes, *lines.moe))
    )
    c = np.stack(columns).reshape(3, n, -1)  # (intercept, slope, moe) x line x point
    dropped = []
    for j in range(n):
        below = np.all(c[:, j : j + 1] <= c, axis=(0, 2))  # line j nowhere above line k
        equal = np.all(c[:, j : j + 1] == c, axis=(0, 2))
        above_j = below & (~equal | (np.arange(n) < j))
        above_j[j] = False
        dropped.append(bool(above_j.any()))
    if not any(dropped):
        return lines
    kept = [j for j in range(n) if not dropped[j]]
    return Lines(
        [lines.intercepts[j] for j in kept],
        [lines.slopes[j] for j in kept],
        [lines.moe[j] for j in kept],
        lines.expert_total,
        lines.expert_left,
        lines.decay,
    )


IN_PLACE_SIZE = 4096
"""Points from which :func:`evaluate_lines` combines lines in place [points]."""


def _owns(target, other) -> bool:
    """Whether a result with ``other`` fits in ``target`` in place: ``target`` is an array
    and ``other`` a number or an array of its very shape."""
    return isinstance(target, np.ndarray) and (
        np.ndim(other) == 0 or np.shape(other) == target.shape
    )


def largest_within(lines: Lines, budget, has_moe: bool):
    """Largest real ``B`` whose iteration time stays within ``budget`` [s] (``-inf`` when
    none, ``inf`` when any ``B`` does)."""
    bounds = []
    for i, s, m in zip(lines.intercepts, lines.slopes, lines.moe, strict=True):
        if not has_moe or (isinstance(m, float) and m == 0.0):
            bounds.append(_linear_root(i, s, budget))
            continue
        big = m * lines.expert_total
        left = m * lines.expert_left
        bounds.append(_concave_root(i + big, s, left, lines.decay, budget))
    return np.minimum.reduce(bounds)


def _linear_root(intercept, slope, budget):
    room = budget - intercept
    safe = np.where(slope > 0, slope, 1.0)
    flat = np.where(room >= 0, np.inf, -np.inf)
    return np.where(slope > 0, room / safe, flat)


def _concave_root(c, s, u, lam, budget):
    """Largest B with ``c + s B - u exp(-lam B) <= budget`` (s, u, lam >= 0): increasing and
    concave in B, so Newton from the linear root (where the exponential only helps) climbs
    to the root without passing it."""
    excess = c - budget
    linear = _linear_root(c, s, budget)
    # With no slope the bound is where u exp(-lam B) = excess (or none / every B).
    safe_u = np.where(u > 0, u, 1.0)
    safe_lam = np.where(lam > 0, lam, 1.0)
    # Where u is tiny, excess / u overflows to inf in the lanes np.where discards (the
    # chosen ones have u > excess, so a ratio below 1).
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        flat = np.where(
            excess <= 0,
            np.inf,
            np.where(
                (u > excess) & (lam > 0),
                -np.log(np.where(u > 0, excess / safe_u, 1.0)) / safe_lam,
                -np.inf,
            ),
        )
    b = np.where(np.isfinite(linear), np.maximum(linear, -1.0), 0.0)
    for _ in range(NEWTON_STEPS):
        e = np.exp(np.minimum(-lam * b, 700.0))
        h = excess + s * b - u * e
        slope = s + u * lam * e
        b = b - h / np.where(slope > 0, slope, 1.0)
    with_slope = np.where(np.isfinite(linear), b, linear)
    return np.where(s > 0, with_slope, flat)


def tpot_lines(w: Workload, r: Replica) -> Lines:
    """Steady-state decode iteration: ``B`` sequences plus their share of prefill chunks."""
    return iteration_lines(w, r, 0.0, w.prefill_per_decode)


def prefill_lines(w: Workload, r: Replica, budget_tokens):
    """(lines while the whole rest of a prompt fits one chunk, lines of a full chunk).

    A new prompt is prefilled in chunks that share iterations with ``B`` decoding sequences:
    a chunk holds what the iteration's token budget leaves, ``budget_tokens - (2s-1) B``.
    """
    small = iteration_lines(w, r, w.prefill_tokens, 0.0)
    full = iteration_lines(w, r, budget_tokens, -w.verified)
    return small, full


def ttft_service(w: Workload, r: Replica, b, budget_tokens, lines=None):
    """Time to prefill one prompt while ``b`` sequences decode [s]: ``n`` iterations of a
    chunk each, ``n = P_eff / room`` (at least one iteration)."""
    small, full = lines or prefill_lines(w, r, budget_tokens)
    room = np.maximum(budget_tokens - w.verified * b, 1e-9)
    chunks = w.prefill_tokens / room
    one = chunks <= 1.0
    # A large evaluation where every prompt fits one chunk (the usual case) skips the
    # full-chunk lines; on a few points the shape bookkeeping would cost more.
    if np.size(one) >= IN_PLACE_SIZE and np.all(one):
        single = np.asarray(evaluate_lines(small, b), dtype=float)
        shape = np.broadcast_shapes(one.shape, np.shape(single), _shape_of(full, b))
        # a fresh writable array of the shape np.where would give, as before
        return np.array(np.broadcast_to(single, shape)) if np.shape(single) != shape else single
    return np.where(one, evaluate_lines(small, b), chunks * evaluate_lines(full, b))


def _shape_of(lines: Lines, b) -> tuple[int, ...]:
    """The shape :func:`evaluate_lines` gives ``lines`` at ``b``, without evaluating them."""
    moe = any(not (np.ndim(m) == 0 and float(m) == 0.0) for m in lines.moe)
    parts = (*lines.intercepts, *lines.slopes)
    if moe:
        parts += (*lines.moe, lines.expert_total, lines.expert_left, lines.decay)
    return np.broadcast_shapes(np.shape(b), *(np.shape(x) for x in parts))


def ttft_bound(w: Workload, r: Replica, budget_tokens, budget_s, has_moe: bool, lines=None):
    """Largest ``B`` whose prefill time stays within ``budget_s``.

    Below the switch ``B_s = (K - P_eff) / (2s - 1)`` a prompt fits one chunk and the time is
    lines in B; above it, ``P_eff (i + s B) <= budget (K - (2s-1) B)`` for each line of a full
    chunk (whose token count is fixed at K, so the touched experts are too): closed forms.
    """
    small, full = lines or prefill_lines(w, r, budget_tokens)
    below = largest_within(small, budget_s, has_moe)
    switch = (budget_tokens - w.prefill_tokens) / w.verified
    g_full = full.expert_total - full.expert_left  # B-independent at a fixed token count
    bounds = []
    for i, s, m in zip(full.intercepts, full.slopes, full.moe, strict=True):
        i = i + m * g_full
        numerator = budget_s * budget_tokens - w.prefill_tokens * i
        denominator = w.prefill_tokens * s + budget_s * w.verified
        safe = np.where(denominator > 0, denominator, 1.0)
        flat = np.where(numerator >= 0, np.inf, -np.inf)
        bounds.append(np.where(denominator > 0, numerator / safe, flat))
    above = np.minimum.reduce(bounds)
    return np.where(below <= switch, below, above)


def increasing_root(f, budget, hi, steps: int = 40):
    """Largest ``B`` in ``[0, hi]`` with ``f(B) <= budget`` for an increasing ``f``, by
    bisection (used only for end-to-end targets of LLMs, which mix both phases)."""
    hi = np.asarray(hi, dtype=float)
    top = np.where(np.isfinite(hi), hi, 1e7)
    lo = np.zeros_like(top)
    ok_top = f(top) <= budget
    ok_zero = f(lo) <= budget
    for _ in range(steps):
        mid = 0.5 * (lo + top)
        good = f(mid) <= budget
        lo = np.where(good, mid, lo)
        top = np.where(good, top, mid)
    return np.where(ok_top, hi, np.where(ok_zero, lo, -np.inf))

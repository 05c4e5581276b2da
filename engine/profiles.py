"""Hardware profiles: one YAML file per device, validated with file:line messages.

Shipped profiles live in ``hardware_profiles/`` in the repository (installed as the data
package ``whatif.hardware_profiles``, see :mod:`engine.shipped`); a per-user folder
(see :func:`user_profile_dir`) adds profiles and overrides shipped ones with the same id.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from .errors import InputError, LoadError
from .fields import MAX_TEXT_CHARS, check_value, choice, number, text, text_problem
from .precision import PRECISIONS, compute_format
from .shipped import profiles_folder
from .validate import build_section
from .yaml_source import LocatedDocument, parse_yaml_text, read_text_file

SHIPPED_PROFILE_DIR = profiles_folder()
APP_NAME = "whatif-ai-economics"

SOURCED_KEYS = (
    "peak_tflops",
    "memory_gb",
    "memory_bandwidth_gbps",
    "interconnect_gbps",
    "tdp_w",
    "idle_w",
    "price",
    "efficiency",
    "sparsity",
)
"""Every one of these needs an entry in a profile's ``sources:`` saying where it came from."""

OPTIONAL_SOURCED_KEYS = ("host_w", "embodied_kgco2e")
"""Figures a profile may leave out; one it gives needs a source too."""

FP8_TRAINING_SPEEDUP = 1.3
"""How much faster fp8 training runs than bf16 on the same hardware in published runs
(not the 2x of the peaks): see the profile ``efficiency`` sources and the README."""

HOST_POWER_SHARE = 0.3
"""Host power (CPUs, DRAM, NICs, fans) per device when a profile does not say, as a share of
the device's TDP: an 8-GPU DGX H100 draws up to 10.2 kW of which the GPUs are 5.6 kW, so the
rest is up to 575 W per GPU at full load (NVIDIA DGX H100 user guide); a typical serving
host runs well below its maximum. Google's 2025 measurement of Gemini serving put host CPU
and DRAM at 25% of the energy against 58% for the accelerators (Elsworth et al. 2025)."""


@dataclass(frozen=True)
class Price:
    """What a device costs to rent or to own."""

    hourly_usd: float | None = number(
        None,
        "Rental price of one device for one hour (cloud)",
        "USD/h",
        0,
        10_000,
        lo_exclusive=True,
        auto=True,
    )
    purchase_usd: float | None = number(
        None,
        "Purchase price of one device (owned hardware)",
        "USD",
        0,
        10_000_000,
        lo_exclusive=True,
        auto=True,
    )
    lifetime_years: float | None = number(
        None, "Amortisation period of a purchase", "years", 0, 20, lo_exclusive=True, auto=True
    )
    reserved_1y_discount: float | None = number(
        None,
        "Discount of a one-year commitment off the hourly price; auto = the typical figure "
        "(engine/pricing.py)",
        "fraction",
        0,
        1,
        auto=True,
    )
    reserved_3y_discount: float | None = number(
        None,
        "Discount of a three-year commitment off the hourly price; auto = the typical figure",
        "fraction",
        0,
        1,
        auto=True,
    )
    spot_discount: float | None = number(
        None,
        "Discount of spot (preemptible) capacity off the hourly price; auto = the typical figure",
        "fraction",
        0,
        1,
        auto=True,
    )
    server_usd: float | None = number(
        None,
        "The device's share of its server (chassis, CPUs, memory, storage) when owned; auto = "
        "the typical share of the device's price",
        "USD",
        0,
        10_000_000,
        auto=True,
    )
    network_usd: float | None = number(
        None,
        "The device's share of the cluster network (NICs, switches, optics) when owned; auto "
        "= the typical share of the device's price",
        "USD",
        0,
        10_000_000,
        auto=True,
    )
    as_of: str = text("", "When the prices were seen (prices move)")


@dataclass(frozen=True)
class Efficiency:
    """How much of the peak real workloads reach on this device."""

    train_mfu: float = number(
        0.35,
        "Model-FLOPs utilisation of large training runs in 16 bits (against the bf16 peak)",
        "fraction",
        0,
        1,
        lo_exclusive=True,
    )
    train_mfu_fp8: float | None = number(
        None,
        "MFU of fp8 training against the fp8 peak; auto = what published fp8 runs show: "
        "the 16-bit MFU x the realised fp8 speed-up / (fp8 peak / bf16 peak)",
        "fraction",
        0,
        1,
        lo_exclusive=True,
        auto=True,
    )
    inference_compute: float = number(
        0.6,
        "Fraction of peak FLOP/s reached by inference GEMMs",
        "fraction",
        0,
        1,
        lo_exclusive=True,
    )
    inference_memory: float = number(
        0.8, "Fraction of memory bandwidth reached in decode", "fraction", 0, 1, lo_exclusive=True
    )
    step_overhead_ms: float = number(
        0.5, "Fixed cost of one forward step (launches, sampling)", "ms", 0, 1000
    )


@dataclass(frozen=True)
class Sparsity:
    """How much of pruning's theoretical saving this hardware actually realises."""

    unstructured: float = number(
        0.0, "Fraction of the ideal unstructured-sparsity saving realised", "fraction", 0, 1
    )
    two_four_speedup: float = number(
        1.0, "Realised matmul speed-up of 2:4 sparsity (1 = none)", "x", 1, 2
    )


@dataclass(frozen=True)
class ProfileHead:
    """The scalar top-level fields of a profile (validated as one section)."""

    id: str = text("", "Unique id, used by scenarios (e.g. h100-sxm)")
    name: str = text("", "Human-readable device name")
    kind: str = choice("gpu", ("gpu", "tpu", "fpga", "cpu", "asic"), "Kind of device")
    vendor: str = text("", "Maker")
    memory_gb: float = number(0, "Device memory", "GB", 0, 100_000, lo_exclusive=True)
    memory_bandwidth_gbps: float = number(
        0, "Memory bandwidth", "GB/s", 0, 1_000_000, lo_exclusive=True
    )
    interconnect_gbps: float = number(
        0, "Device-to-device bandwidth per direction", "GB/s", 0, 1_000_000, lo_exclusive=True
    )
    max_devices_per_replica: int = number(
        8, "Most devices one replica can be sharded over", "devices", 1, 100_000, integer=True
    )
    tdp_w: float = number(0, "Maximum (board) power", "W", 0, 100_000, lo_exclusive=True)
    idle_w: float = number(0, "Idle power", "W", 0, 100_000)
    host_w: float | None = number(
        None,
        "Power of the host (CPUs, memory, network, fans) per device while serving; "
        "auto = 30% of the TDP",
        "W",
        0,
        100_000,
        auto=True,
    )
    embodied_kgco2e: float | None = number(
        None,
        "Emissions of making the device and its share of the server, amortised over its "
        "lifetime; auto = the typical figure (engine/pricing.py)",
        "kgCO2e",
        0,
        1e7,
        auto=True,
    )


REQUIRED_HEAD = (
    "id",
    "name",
    "kind",
    "memory_gb",
    "memory_bandwidth_gbps",
    "interconnect_gbps",
    "tdp_w",
    "idle_w",
)
TOP_KEYS = (
    *REQUIRED_HEAD,
    "vendor",
    "max_devices_per_replica",
    "host_w",
    "embodied_kgco2e",
    "peak_tflops",
    "price",
    "efficiency",
    "sparsity",
    "sources",
)


@dataclass(frozen=True)
class Profile:
    """One device, in SI-friendly named units. Build with :func:`load_profile_file`."""

    id: str
    name: str
    kind: str
    vendor: str
    peak_tflops: dict[str, float]
    memory_gb: float
    memory_bandwidth_gbps: float
    interconnect_gbps: float
    max_devices_per_replica: int
    tdp_w: float
    idle_w: float
    price: Price
    efficiency: Efficiency
    sparsity: Sparsity
    sources: dict[str, str]
    path: str = ""
    origin: str = field(default="shipped", compare=False)
    host_w_given: float | None = None
    embodied_kgco2e_given: float | None = None

    @property
    def host_w(self) -> float:
        """Host power per device while serving [W] (the profile's, or the default share)."""
        if self.host_w_given is not None:
            return self.host_w_given
        return HOST_POWER_SHARE * self.tdp_w

    def training_mfu(self, precision: str) -> float:
        """Default MFU of a training run in ``precision`` against that format's peak: fp8
        runs are faster than 16-bit ones by :data:`FP8_TRAINING_SPEEDUP`, not by the 2x of
        the peaks (unless the profile gives its own fp8 MFU)."""
        if precision != "fp8":
            return self.efficiency.train_mfu
        if self.efficiency.train_mfu_fp8 is not None:
            return self.efficiency.train_mfu_fp8
        ratio = self.peak_flops("fp8") / self.peak_flops("bf16")
        return min(self.efficiency.train_mfu * FP8_TRAINING_SPEEDUP / ratio, 1.0)

    def peak_flops(self, precision: str) -> float:
        """Dense peak [FLOP/s] when running ``precision`` (widened where not native)."""
        return self.peak_tflops[compute_format(self.peak_tflops, precision)] * 1e12


PARSED_CACHE_SIZE = 10_000
"""Most profile files whose parsed form is kept between loads (a few kB each)."""

_parsed: dict[tuple[str, str], tuple[bytes, Profile]] = {}


def load_profile_file(path: str | Path, origin: str = "shipped") -> Profile:
    """Read and validate one profile file; raise :class:`InputError` listing every problem.

    The file is read each time, but parsed only when its text changed since the last load
    of that path (a digest of the text is compared): reloading 2,000 user profiles reads
    them and parses none. A file that fails is never kept, so its messages come back.
    """
    text = read_text_file(path)
    key = (str(path), origin)
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
    cached = _parsed.get(key)
    if cached is not None and cached[0] == digest:
        return cached[1]
    profile = profile_from_document(parse_yaml_text(text, str(path)), origin)
    if len(_parsed) >= PARSED_CACHE_SIZE:
        _parsed.clear()
    _parsed[key] = (digest, profile)
    return profile


def profile_from_document(doc: LocatedDocument, origin: str = "shipped") -> Profile:
    """Validate a parsed profile document (see :func:`load_profile_file`)."""
    data = doc.data
    if not isinstance(data, dict):
        raise InputError([doc.error((), "a profile must be a mapping of keys to values")])
    errors: list[LoadError] = []
    for key in data:
        if key not in TOP_KEYS:
            errors.append(doc.error((str(key),), f"unknown key (known: {', '.join(TOP_KEYS)})"))
    head_data = {
        k: v
        for k, v in data.items()
        if k in REQUIRED_HEAD
        or k in ("vendor", "max_devices_per_replica", "host_w", "embodied_kgco2e")
    }
    head = build_section(doc, (), head_data, ProfileHead, errors, REQUIRED_HEAD)
    if head is not None and head.idle_w >= head.tdp_w:
        errors.append(doc.error(("idle_w",), f"must be below tdp_w ({head.tdp_w:g} W)"))
    if head is not None and not head.id.strip():
        errors.append(doc.error(("id",), "must not be empty"))
    peaks = _peaks(doc, data.get("peak_tflops"), errors)
    price = build_section(doc, ("price",), data.get("price"), Price, errors)
    if price is not None and price.purchase_usd is not None and price.lifetime_years is None:
        errors.append(doc.error(("price",), "lifetime_years is required with purchase_usd"))
    if price is not None and price.hourly_usd is None and price.purchase_usd is None:
        errors.append(doc.error(("price",), "needs hourly_usd, purchase_usd or both"))
    efficiency = build_section(doc, ("efficiency",), data.get("efficiency"), Efficiency, errors)
    sparsity = build_section(doc, ("sparsity",), data.get("sparsity"), Sparsity, errors)
    sources = _sources(doc, data.get("sources"), errors, given=tuple(data))
    if errors:
        raise InputError(errors)
    return Profile(
        id=head.id,
        name=head.name,
        kind=head.kind,
        vendor=head.vendor,
        peak_tflops=peaks,
        memory_gb=head.memory_gb,
        memory_bandwidth_gbps=head.memory_bandwidth_gbps,
        interconnect_gbps=head.interconnect_gbps,
        max_devices_per_replica=head.max_devices_per_replica,
        tdp_w=head.tdp_w,
        idle_w=head.idle_w,
        price=price,
        efficiency=efficiency,
        sparsity=sparsity,
        sources=sources,
        path=doc.file,
        origin=origin,
        host_w_given=head.host_w,
        embodied_kgco2e_given=head.embodied_kgco2e,
    )


def _peaks(doc: LocatedDocument, data, errors: list[LoadError]) -> dict[str, float]:
    if data is None:
        errors.append(doc.error((), "missing required key 'peak_tflops'"))
        return {}
    if not isinstance(data, dict):
        errors.append(doc.error(("peak_tflops",), "must map precisions to TFLOP/s"))
        return {}
    from .fields import FieldSpec

    spec = FieldSpec("number", "Dense peak", "TFLOP/s", 0, 1_000_000, lo_exclusive=True)
    peaks: dict[str, float] = {}
    for key, value in data.items():
        if key not in PRECISIONS:
            errors.append(
                doc.error(
                    ("peak_tflops", str(key)), f"unknown precision (known: {', '.join(PRECISIONS)})"
                )
            )
            continue
        checked, problem = check_value(spec, value)
        if problem:
            errors.append(doc.error(("peak_tflops", key), problem))
        else:
            peaks[key] = checked
    if "fp32" not in data:
        errors.append(doc.error(("peak_tflops",), "missing required precision 'fp32'"))
    return peaks


def _sources(doc: LocatedDocument, data, errors: list[LoadError], given=()) -> dict[str, str]:
    if not isinstance(data, dict):
        errors.append(
            doc.error(
                ("sources",) if data is not None else (),
                "'sources' must map each figure to where it came from",
            )
        )
        return {}
    out: dict[str, str] = {}
    known = (*SOURCED_KEYS, *OPTIONAL_SOURCED_KEYS)
    for key, value in data.items():
        if key not in known:
            errors.append(
                doc.error(("sources", str(key)), f"unknown key (known: {', '.join(known)})")
            )
        elif not isinstance(value, str) or not value.strip():
            errors.append(doc.error(("sources", key), "must be a non-empty text"))
        elif text_problem(value, MAX_TEXT_CHARS):
            errors.append(doc.error(("sources", key), text_problem(value, MAX_TEXT_CHARS)))
        else:
            out[key] = value.strip()
    missing = [k for k in SOURCED_KEYS if k not in data]
    missing += [k for k in OPTIONAL_SOURCED_KEYS if k in (given or ()) and k not in data]
    if missing:
        errors.append(doc.error(("sources",), f"missing sources for: {', '.join(missing)}"))
    return out


def user_profile_dir() -> Path:
    """The per-user profile folder (``$WHATIF_CONFIG_DIR/hardware_profiles`` if set)."""
    root = os.environ.get("WHATIF_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME)
    return Path(root) / "hardware_profiles"


def default_profile_dirs() -> tuple[Path, ...]:
    """Shipped profiles, then the user's (which override shipped ones by id)."""
    return (SHIPPED_PROFILE_DIR, user_profile_dir())


def load_profiles(*dirs: str | Path) -> tuple[dict[str, Profile], list[LoadError]]:
    """Load every ``*.yaml``/``*.yml`` file in ``dirs`` (default: shipped then user folder).

    Returns ``(profiles_by_id, errors)``. A bad file is skipped with its messages and the
    others still load. A later folder overrides an earlier one's profile with the same id;
    two files with one id in the same folder is an error for the second.
    """
    dirs = dirs or default_profile_dirs()
    profiles: dict[str, Profile] = {}
    errors: list[LoadError] = []
    for index, folder in enumerate(dirs):
        folder = Path(folder)
        if not folder.is_dir():
            if index == 0 and len(dirs) == 1:
                errors.append(LoadError(str(folder), 0, "", "no such folder"))
            continue
        origin = "shipped" if folder.resolve() == SHIPPED_PROFILE_DIR else "user"
        seen_here: dict[str, str] = {}
        files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
        for path in files:
            try:
                profile = load_profile_file(path, origin)
            except InputError as exc:
                errors.extend(exc.errors)
                continue
            if profile.id in seen_here:
                errors.append(
                    LoadError(
                        str(path),
                        1,
                        "id",
                        f"duplicate id '{profile.id}' (also in {seen_here[profile.id]})",
                    )
                )
                continue
            seen_here[profile.id] = str(path)
            profiles[profile.id] = profile
    return profiles, errors

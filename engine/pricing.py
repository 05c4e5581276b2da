"""What a device-hour costs: rented (on demand, committed, spot) or owned (total cost of
ownership), and the emissions of making the hardware.

Rented: the profile's hourly price (or the user's) less the commitment or spot discount;
electricity is in the price. Owned: the device, its share of the server and of the network,
as an annuity at the cost of capital over the lifetime; hosting per kW of IT load; operations
per device-year; electricity is paid by the kWh on top. Sources for the typical figures used
where a profile is silent are in the docstrings of the constants below.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HOURS_PER_YEAR = 8760.0

DEFAULT_DISCOUNTS = {"reserved_1y": 0.41, "reserved_3y": 0.56, "spot": 0.58}
"""Discounts off the on-demand hourly price where a profile gives none [fraction]: AWS's
p5.48xlarge (8x H100) at $98.32/h on demand was $57.63/h reserved for 1 year (-41%) and
$43.16/h for 3 years (-56%) (The Next Platform, Jul 2023); spot H200 (p5en.48xlarge) ran
at $26.57/h against $63.30/h on demand (-58%, Aug 2026). GPU clouds' own list prices are
already lower, so their commitments save less: put a profile's own figures in its price."""

SERVER_SHARE = 0.3
"""A device's share of its server (CPUs, memory, storage, chassis, power, NICs) as a
fraction of the device's own price, where a profile gives none: an HGX H100 8-GPU node at
~$310k with $30k GPUs leaves $8.75k per GPU, 0.29 of its price (Latent Space, Aug 2024)."""

NETWORK_SHARE = 0.3
"""A device's share of the cluster network (InfiniBand switches, optics, cables) as a fraction
of the device's price, where a profile gives none: an all-in H100 (node, network, cables) came
to $45.8k-51.6k against a $38.75k share of a $310k HGX node with its NICs ("H100
Freakonomics", Latent Space, Aug 2024), i.e. $7k-13k of network, ~0.23-0.43 of a $30k GPU."""

DEFAULT_LIFETIME_YEARS = 5.0
"""Service life assumed for embodied emissions when a (rented) profile gives none [years]:
cloud providers depreciate servers over 5-6 years."""

DEFAULT_EMBODIED_KGCO2E = 462.0
"""Embodied emissions per device with its server share where a profile gives none
[kgCO2e]: Luccioni et al. 2023 (BLOOM) used 150 kgCO2e per GPU (the figure of the Hugging
Face CO2 calculator) and, for the rest of an 8-GPU node, ~2,500 kgCO2e (estimate): 150 +
2,500 / 8 = 462. BLOOM's embodied emissions came to 11.2 of 50.5 tCO2e (22%)."""


@dataclass(frozen=True)
class DeviceCost:
    """One device's price under a pricing mode.

    Rented (``rented``): ``hourly_usd`` per device-hour, electricity included. Owned: the
    yearly parts below, paid whether the device is busy or not, plus electricity by the kWh.
    """

    rented: bool
    hourly_usd: object = 0.0  # rented [USD/device-hour]
    capital_usd_per_year: object = 0.0  # owned: annuity of device + server + network
    hosting_usd_per_year: object = 0.0  # owned: space, power delivery, cooling
    operations_usd_per_year: object = 0.0  # owned: staff, support, spares

    @property
    def owned_usd_per_year(self):
        """What an owned device costs a year before electricity [USD/year]."""
        return self.capital_usd_per_year + self.hosting_usd_per_year + self.operations_usd_per_year

    @property
    def per_hour_of_use(self):
        """Price of one device-hour [USD/h]: the rent, or an owned device's yearly cost
        spread over the hours of a year (training pays for the hours it uses)."""
        if self.rented:
            return self.hourly_usd
        return self.owned_usd_per_year / HOURS_PER_YEAR


def discount(profile, mode: str) -> float:
    """The profile's discount off the hourly price for ``mode`` (0 on demand) [fraction]."""
    if mode not in DEFAULT_DISCOUNTS:
        return 0.0
    given = getattr(profile.price, f"{mode}_discount")
    return DEFAULT_DISCOUNTS[mode] if given is None else given


def annuity_factor(rate, years):
    """Yearly payment per USD of capital repaid over ``years`` at ``rate`` [1/year]:
    ``r / (1 - (1 + r)^-L)``, and ``1 / L`` at a zero rate."""
    r = np.asarray(rate, dtype=float)
    safe = np.where(r > 0, r, 1.0)
    with np.errstate(over="ignore"):
        paid = safe / (1.0 - np.power(1.0 + safe, -years))
    return np.where(r > 0, paid, 1.0 / years)


def capital_parts(profile) -> dict[str, float]:
    """The capital of one owned device: itself, its server share, its network share [USD]."""
    price = profile.price
    server = SERVER_SHARE * price.purchase_usd if price.server_usd is None else price.server_usd
    network = NETWORK_SHARE * price.purchase_usd if price.network_usd is None else price.network_usd
    return {"device": price.purchase_usd, "server": server, "network": network}


def capital_usd(profile):
    """Device + server share + network share of one owned device [USD]."""
    return sum(capital_parts(profile).values())


def it_kw(profile) -> float:
    """Power the device and its host share draw at full load [kW] (what hosting is sold by)."""
    return (profile.tdp_w + profile.host_w) / 1000.0


def device_cost(profile, economics, role: str, own_hourly=None, latency_target=True):
    """What one device costs under ``economics.pricing`` for ``role`` ("training" or
    "serving"). ``own_hourly`` is the user's contract price per device-hour (rented modes;
    taken as it is, no discount). Spot serving with a latency target is refused unless
    ``economics.spot_serving`` is "allow": serving then pays on demand."""
    mode = economics.pricing
    if mode != "owned":
        if mode == "spot" and role == "serving" and latency_target:
            mode = mode if economics.spot_serving == "allow" else "cloud"
        if own_hourly is not None:
            return DeviceCost(True, hourly_usd=np.asarray(own_hourly, dtype=float))
        hourly = profile.price.hourly_usd * (1.0 - discount(profile, mode))
        return DeviceCost(True, hourly_usd=hourly)
    capital = capital_usd(profile) * annuity_factor(
        economics.cost_of_capital, profile.price.lifetime_years
    )
    return DeviceCost(
        False,
        capital_usd_per_year=capital,
        hosting_usd_per_year=it_kw(profile) * np.asarray(economics.hosting_usd_per_kw_month) * 12.0,
        operations_usd_per_year=np.asarray(economics.operations_usd_per_device_year, dtype=float),
    )


def serving_on_spot(economics, latency_target: bool) -> bool:
    """Whether serving runs on spot capacity under these economics."""
    return economics.pricing == "spot" and (not latency_target or economics.spot_serving == "allow")


def embodied_kg_per_device_hour(profile):
    """Embodied emissions of one device-hour: the device's (with its server share) over the
    hours of its life [kgCO2e/h]."""
    kg = (
        DEFAULT_EMBODIED_KGCO2E
        if profile.embodied_kgco2e_given is None
        else profile.embodied_kgco2e_given
    )
    years = profile.price.lifetime_years or DEFAULT_LIFETIME_YEARS
    return kg / (years * HOURS_PER_YEAR)


def tco_breakdown(profile, economics, electricity_kwh_per_hour=0.0) -> dict[str, float]:
    """Per device-hour parts of an owned device's cost [USD/h] (for ``whatif evaluate`` and
    the report): device, server and network as an annuity, hosting, operations, electricity
    at ``electricity_kwh_per_hour``."""
    factor = float(annuity_factor(economics.cost_of_capital, profile.price.lifetime_years))
    parts = {
        **{k: v * factor for k, v in capital_parts(profile).items()},
        "hosting": it_kw(profile) * float(economics.hosting_usd_per_kw_month) * 12.0,
        "operations": float(economics.operations_usd_per_device_year),
    }
    out = {k: v / HOURS_PER_YEAR for k, v in parts.items()}
    out["electricity"] = electricity_kwh_per_hour * float(economics.electricity_usd_per_kwh)
    return out


def device_hour_parts(profile, economics, role: str, own_hourly=None) -> dict[str, float]:
    """What one device-hour of ``role`` costs, part by part [USD/h]: owned, the total cost of
    ownership with electricity at full load (device + host x PUE); rented, the rent after
    the mode's discount (or the user's own contract price)."""
    if economics.pricing == "owned":
        kwh = (profile.tdp_w + profile.host_w) / 1000.0 * float(economics.pue)
        return tco_breakdown(profile, economics, kwh)
    return {"rent": float(device_cost(profile, economics, role, own_hourly).hourly_usd)}

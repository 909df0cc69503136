"""`restock run` from Python, with Python policies beside the scenario's own, on the same demand."""
from __future__ import annotations

import ctypes
import json
import numbers
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np

from . import _native
from ._native import POLICY_CALLBACK, RestockCallbackError, RestockInputError, check, encode, lib
from .envs import _override_json
from .readers import read_replications, read_summary

__all__ = ["run", "RunResult"]

Policy = Callable[[dict], Any]


@dataclass
class RunResult:
    """A finished run: its report folder and the summary and per-replication tables."""

    folder: Path

    @property
    def summary(self):
        return read_summary(self.folder)

    @property
    def replications(self):
        return read_replications(self.folder)

    def profit(self, sku: str = "ALL"):
        """Mean profit per policy (currency over the measured days) with its 95% half-width."""
        frame = self.summary
        rows = frame[(frame["kpi"] == "profit") & (frame["sku"] == sku)]
        return rows.set_index("policy")[["mean", "ci95_half_width"]]


def _decision(result: Any, suppliers: int) -> tuple[list[int], float | None]:
    """A policy's return value as orders per supplier and an optional price."""
    price = None
    if isinstance(result, Mapping):
        unknown = set(result) - {"order", "price"}
        if unknown:
            raise ValueError(f"a decision dict may have the keys 'order' and 'price', got {sorted(unknown)}")
        price = result.get("price")
        result = result.get("order", 0)
    if isinstance(result, np.ndarray):
        result = result.tolist()
    if isinstance(result, (list, tuple)):
        orders = list(result)
    else:
        orders = [result]
    if len(orders) > suppliers:
        raise ValueError(f"{len(orders)} order quantities for a SKU with {suppliers} supplier(s)")
    for k, units in enumerate(orders):
        if isinstance(units, (bool, np.bool_)) or not isinstance(units, numbers.Integral):
            raise TypeError(f"order quantities must be whole numbers of units, got {units!r} for supplier {k}")
    if price is not None and (isinstance(price, bool) or not isinstance(price, numbers.Real)):
        raise TypeError(f"the price must be a number, got {price!r}")
    return [int(u) for u in orders], (None if price is None else float(price))


def run(scenario: str | os.PathLike, policies: Mapping[str, Policy] | None = None, out: str | os.PathLike | None = None,
        overrides: dict | list | None = None) -> RunResult:
    """Runs a scenario's policies and the given Python policies under common random numbers on the
    scenario's report replications (one thread) and writes the usual report to `out`
    (default reports/<scenario name>-python).

    A policy is called at every review of every SKU with the observation as a dict (sku, day,
    onHandUnits, backorderedUnits, inventoryPositionUnits, pipeline, price, priceLevels, seasonEndDay,
    forecastUnitsPerDay, forecastSdUnitsPerDay, salesToDateUnits, forecastToDateUnits) and returns the
    order in units from the first supplier (an int), a list (one per supplier), or a dict
    {"order": ..., "price": ...}.
    """
    policies = dict(policies or {})
    for name, policy in policies.items():
        if not isinstance(name, str) or not callable(policy):
            raise TypeError(f"policies must map names (str) to callables, got {name!r}: {policy!r}")
    path = os.fspath(scenario)
    folder = Path(out) if out is not None else Path("reports") / (Path(path).stem + "-python")
    if str(out) == "":
        raise RestockInputError("out is empty; name a folder for the report.")
    names = list(policies)
    callables = [policies[n] for n in names]
    failure: list[BaseException] = []

    def dispatch(_context, index, observation, orders, suppliers, price, has_price):
        try:
            decision = callables[index](json.loads(observation.decode("utf-8")))
            units, new_price = _decision(decision, suppliers)
            for k, value in enumerate(units):
                orders[k] = value
            if new_price is not None:
                price[0] = new_price
                has_price[0] = 1
            return 0
        except BaseException as error:  # reported after the run, with the policy's name and day
            failure.append(error)
            return 1

    callback = POLICY_CALLBACK(dispatch)
    error = _native.error_buffer()
    status = lib.restock_run(encode(path), encode(_override_json(overrides)), encode(str(folder)),
                             encode(json.dumps(names)) if names else None, callback, None, error, _native.ERROR_CAPACITY)
    if status == 3 and failure:
        message = error.value.decode("utf-8", "replace")
        raise RestockCallbackError(f"{message}: {type(failure[0]).__name__}: {failure[0]}") from failure[0]
    check(status, error)
    return RunResult(folder)

"""The exact optimum of the stationary model (relative value iteration in Swift) as NumPy arrays."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _native
from ._native import RestockInputError, check, encode, lib
from .envs import stationary_configuration

__all__ = ["Solution", "solve"]


@dataclass
class Solution:
    """The optimal stationary policy of a configuration.

    average_cost: the optimal long-run average cost per period (minus the profit with price levels),
    currency per period, with certified bounds lower_bound <= g <= upper_bound. The table lists every
    state of the program: net_inventory (units after this period's arrival), pipeline (units arriving
    in 1, 2, ... periods; shape states x (L - 1)), and the optimal order (units) and price level.
    `action(observation)` gives the environment's action index at an environment observation.
    """

    average_cost: float
    lower_bound: float
    upper_bound: float
    net_inventory: np.ndarray
    pipeline: np.ndarray
    order: np.ndarray
    price_level: np.ndarray
    configuration: str
    _handle: Any = None

    def action(self, observation) -> int:
        handle = self._handle
        if handle is None:
            raise RestockInputError("the solution is closed (use after close).")
        obs = np.ascontiguousarray(observation, dtype=np.float64)
        if obs.ndim != 1:
            raise ValueError(f"the observation must be one-dimensional, got shape {obs.shape}")
        out = ctypes.c_int64()
        error = _native.error_buffer()
        check(lib.restock_solution_action(handle, obs.ctypes.data, obs.size, ctypes.addressof(out), error, _native.ERROR_CAPACITY),
              error)
        return out.value

    def __call__(self, observation) -> int:
        return self.action(observation)

    def close(self) -> None:
        if self._handle is not None:
            lib.restock_destroy(self._handle)
            self._handle = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def solve(**configuration: Any) -> Solution:
    """Solves the stationary model exactly (keyword arguments: those of `stationary_configuration`,
    e.g. `solve(demand=5, lead_time=2, shortage_cost=9)`)."""
    text = stationary_configuration(**configuration)
    error = _native.error_buffer()
    handle = ctypes.c_void_p()
    check(lib.restock_solve(encode(text), ctypes.byref(handle), error, _native.ERROR_CAPACITY), error)
    try:
        values = [ctypes.c_double() for _ in range(3)]
        counts = [ctypes.c_int64() for _ in range(2)]
        check(lib.restock_solution_summary(handle, *[ctypes.addressof(v) for v in values], *[ctypes.addressof(c) for c in counts],
                                           error, _native.ERROR_CAPACITY), error)
        states, length = counts[0].value, counts[1].value
        net = np.zeros(states, dtype=np.int64)
        pipeline = np.zeros((states, length), dtype=np.int64)
        order = np.zeros(states, dtype=np.int64)
        level = np.zeros(states, dtype=np.int64)
        check(lib.restock_solution_table(handle, net.ctypes.data, pipeline.ctypes.data if length else None, order.ctypes.data,
                                         level.ctypes.data, error, _native.ERROR_CAPACITY), error)
    except BaseException:
        lib.restock_destroy(handle)
        raise
    return Solution(values[0].value, values[1].value, values[2].value, net, pipeline, order, level, text, handle)

"""Gymnasium environments over Restock's Swift simulator (one handle of libRestockC each)."""
from __future__ import annotations

import ctypes
import json
import numbers
import os
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from . import _native
from ._native import RestockInputError, check, encode, lib

__all__ = ["StationaryEnv", "LostSalesEnv", "BackordersEnv", "ScenarioEnv", "stationary_configuration"]

_NAMES_CAPACITY = 1 << 16
_SEED_LIMIT = 1 << 64


def stationary_configuration(demand: float | list[float] = 5.0, lead_time: int = 2, holding_cost: float = 1.0,
                             shortage: str = "lost_sales", shortage_cost: float = 9.0, max_order: int = 20,
                             episode_length: int = 1000, initial_on_hand: int = 0, fixed_order_cost: float = 0.0,
                             unit_order_cost: float = 0.0, price_levels: list[dict] | None = None,
                             reward_scale: float | str | None = None) -> str:
    """The JSON configuration of the stationary single-SKU model (units per period, currency per unit).

    demand: a Poisson mean per period, or the probabilities of 0, 1, 2, ... units.
    shortage: "lost_sales" (shortage_cost = penalty per lost unit) or "backorders" (cost per unit
    backordered per period). price_levels: [{"price": p, "demand": mean or pmf, "revenue_per_unit": r}].
    reward_scale: rewards are -cost / reward_scale (a number, or "mean_shortage_cost"); None: 1.
    """
    if shortage not in ("lost_sales", "backorders"):
        raise RestockInputError(f"shortage: '{shortage}' is not allowed. Allowed: 'lost_sales', 'backorders'.")
    config: dict[str, Any] = {
        "demand": _plain(demand), "leadTimePeriods": _plain(lead_time), "holdingCost": _plain(holding_cost),
        "shortage": "lostSales" if shortage == "lost_sales" else "backorders", "shortageCost": _plain(shortage_cost),
        "maxOrderUnits": _plain(max_order), "episodeLength": _plain(episode_length),
        "initialOnHandUnits": _plain(initial_on_hand), "fixedOrderCost": _plain(fixed_order_cost),
        "unitOrderCost": _plain(unit_order_cost),
    }
    if price_levels:
        levels = []
        for k, level in enumerate(price_levels):
            unknown = set(level) - {"price", "demand", "revenue_per_unit"}
            if unknown:
                raise RestockInputError(f"price_levels[{k}]: unknown key(s) {sorted(unknown)}. Allowed: price, demand, revenue_per_unit.")
            entry = {"price": _plain(level.get("price")), "demand": _plain(level.get("demand", demand))}
            if "revenue_per_unit" in level:
                entry["revenuePerUnit"] = _plain(level["revenue_per_unit"])
            levels.append(entry)
        config["priceLevels"] = levels
    if reward_scale is not None:
        config["rewardScale"] = "meanShortageCost" if reward_scale == "mean_shortage_cost" else _plain(reward_scale)
    try:
        return json.dumps(config, allow_nan=False)
    except ValueError:
        raise RestockInputError("configuration: every number must be finite (no NaN or infinity).") from None


def _plain(value: Any) -> Any:
    """NumPy scalars and arrays as plain JSON values."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _seed(seed: Any) -> int:
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be a non-negative integer, got {seed!r}")
    if not 0 <= int(seed) < _SEED_LIMIT:
        raise RestockInputError(f"seed must lie in 0...{_SEED_LIMIT - 1}, got {seed}.")
    return int(seed)


def _action_index(action: Any) -> int:
    """A discrete action as a Python int; TypeError for other dtypes or shapes."""
    if isinstance(action, np.ndarray):
        if action.shape != ():
            raise ValueError(f"the action must be a scalar (Discrete), got an array of shape {action.shape}")
        action = action[()]
    if isinstance(action, (bool, np.bool_)) or not isinstance(action, numbers.Integral):
        raise TypeError(f"the action must be an integer index (Discrete), got {type(action).__name__} {action!r}")
    return int(action)


class _NativeEnv(gym.Env):
    """A single environment behind a libRestockC handle."""

    metadata = {"render_modes": ["ansi"], "render_fps": 4}

    def _attach(self, handle: ctypes.c_void_p, render_mode: str | None) -> None:
        if render_mode not in (None, "ansi"):
            raise RestockInputError(f"render_mode '{render_mode}' is not supported. Allowed: 'ansi' (text) or None.")
        self.render_mode = render_mode
        self._handle = handle
        self._error = _native.error_buffer()
        sizes = [ctypes.c_int64() for _ in range(4)]
        check(lib.restock_env_dimensions(handle, *[ctypes.addressof(s) for s in sizes], self._error, _native.ERROR_CAPACITY),
              self._error)
        self._size, self._actions, copies, info_size = (s.value for s in sizes)
        low = np.empty(self._size, dtype=np.float64)
        high = np.empty(self._size, dtype=np.float64)
        check(lib.restock_env_bounds(handle, low.ctypes.data, high.ctypes.data, self._error, _native.ERROR_CAPACITY), self._error)
        self.observation_space = spaces.Box(low=low, high=high, dtype=np.float64)
        self.action_space = spaces.Discrete(self._actions)
        self.observation_names = self._names(0)
        self.info_names = self._names(1)
        # Buffers the library writes into, and their addresses (computed once).
        self._obs = np.zeros(self._size, dtype=np.float64)
        self._act = np.zeros(1, dtype=np.int64)
        self._rew = np.zeros(1, dtype=np.float64)
        self._term = np.zeros(1, dtype=np.uint8)
        self._trunc = np.zeros(1, dtype=np.uint8)
        self._info = np.zeros(info_size, dtype=np.float64)
        self._pointers = tuple(a.ctypes.data for a in (self._act, self._obs, self._rew, self._term, self._trunc))
        self._info_pointer = self._info.ctypes.data
        self._started = False
        self._needs_reset = True

    def _names(self, which: int) -> list[str]:
        out = ctypes.create_string_buffer(_NAMES_CAPACITY)
        check(lib.restock_env_names(self._live(), which, out, _NAMES_CAPACITY, self._error, _native.ERROR_CAPACITY), self._error)
        text = out.value.decode("utf-8")
        return text.split("\n") if text else []

    def _live(self) -> ctypes.c_void_p:
        handle = getattr(self, "_handle", None)
        if handle is None:
            raise RestockInputError("the environment is closed (use after close).")
        return handle

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        handle = self._live()
        if options:
            raise RestockInputError(f"reset options are not supported, got {sorted(options)}.")
        if seed is not None:
            seed = _seed(seed)
        super().reset(seed=seed)
        if seed is not None:
            native, reseed = seed, 1
        elif not self._started:
            native, reseed = int(self.np_random.integers(0, 1 << 63)), 1
        else:
            native, reseed = 0, 0
        check(lib.restock_env_reset(handle, native, reseed, self._pointers[1], self._error, _native.ERROR_CAPACITY), self._error)
        self._started = True
        self._needs_reset = False
        return self._obs.copy(), {}

    def step(self, action):
        handle = self._live()
        index = _action_index(action)
        if self._needs_reset:
            raise RestockInputError("the episode has ended (or never started): call reset() before step().")
        self._act[0] = index
        a, o, r, te, tr = self._pointers
        check(lib.restock_env_step(handle, a, o, r, te, tr, None, self._info_pointer, self._error, _native.ERROR_CAPACITY),
              self._error)
        terminated = bool(self._term[0])
        truncated = bool(self._trunc[0])
        if terminated or truncated:
            self._needs_reset = True
        return self._obs.copy(), float(self._rew[0]), terminated, truncated, dict(zip(self.info_names, self._info.tolist()))

    def render(self) -> str:
        handle = self._live()
        out = ctypes.create_string_buffer(4096)
        check(lib.restock_env_render(handle, out, 4096, self._error, _native.ERROR_CAPACITY), self._error)
        return out.value.decode("utf-8")

    def close(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None:
            lib.restock_destroy(handle)
            self._handle = None
        super().close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class StationaryEnv(_NativeEnv):
    """The stationary single-SKU inventory environment (Zipkin's timing), stepped in Swift.

    Observation (float64, length L + 3): [on hand, q_1 ... q_L (the order arriving next first),
    inventory position, period], units and periods. Action: Discrete(max_order + 1) order quantities
    in units (with price levels: order + (max_order + 1) * level). Reward: -cost / reward_scale.
    Keyword arguments: those of `stationary_configuration`.
    """

    def __init__(self, render_mode: str | None = None, **configuration: Any):
        self.configuration = stationary_configuration(**configuration)
        error = _native.error_buffer()
        handle = ctypes.c_void_p()
        check(lib.restock_stationary_create(encode(self.configuration), 1, ctypes.byref(handle), error, _native.ERROR_CAPACITY),
              error)
        self._attach(handle, render_mode)


class LostSalesEnv(StationaryEnv):
    """`restock/LostSales-v0`: lost sales, Poisson demand (mean 5), lead time 2, h = 1, p = 9."""

    def __init__(self, render_mode: str | None = None, **configuration: Any):
        configuration.setdefault("shortage", "lost_sales")
        super().__init__(render_mode=render_mode, **configuration)


class BackordersEnv(StationaryEnv):
    """`restock/Backorders-v0`: backorders, Poisson demand (mean 5), lead time 2, h = 1, b = 9."""

    def __init__(self, render_mode: str | None = None, **configuration: Any):
        configuration.setdefault("shortage", "backorders")
        super().__init__(render_mode=render_mode, **configuration)


class ScenarioEnv(_NativeEnv):
    """`restock/Scenario-v0`: the full simulator on a scenario YAML; the agent decides for one SKU.

    scenario: path of the scenario file; overrides: {"key.path": value} or ["key.path=value"];
    sku: the SKU the agent decides for (None: the only one); others: the scenario policy that drives
    the other SKUs (None: the first heuristic); decision_days: days between decisions (None: 7 when
    the SKU has price levels, else every review).

    Observation: the agent's features (stock, pipeline, forecast, price, season signals; names in
    `observation_names`). Action: order up to a multiple of the forecast over lead time + review
    (and a price level). Reward: the profit booked until the next decision over the SKU's mean
    revenue per decision period. The season's end is terminal.
    """

    def __init__(self, scenario: str | os.PathLike = "scenarios/quickstart.yaml", overrides: dict | list | None = None,
                 sku: str | None = None, others: str | None = None, decision_days: int | None = None,
                 render_mode: str | None = None):
        self.scenario = os.fspath(scenario)
        error = _native.error_buffer()
        handle = ctypes.c_void_p()
        check(lib.restock_scenario_create(encode(self.scenario), encode(_override_json(overrides)), encode(sku), encode(others),
                                          int(decision_days or 0), 1, ctypes.byref(handle), error, _native.ERROR_CAPACITY), error)
        self._attach(handle, render_mode)


def _override_json(overrides: dict | list | None) -> str | None:
    if overrides is None:
        return None
    if isinstance(overrides, dict):
        items = [f"{key}={_override_value(value)}" for key, value in overrides.items()]
    elif isinstance(overrides, (list, tuple)):
        items = [str(item) for item in overrides]
    else:
        raise TypeError(f"overrides must be a dict or a list of 'key=value' strings, got {type(overrides).__name__}")
    return json.dumps(items)


def _override_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_override_value(v) for v in value) + "]"
    return str(_plain(value))

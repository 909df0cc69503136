"""A Gymnasium vector environment over N copies of the stationary environment, stepped in Swift."""
from __future__ import annotations

import ctypes
from typing import Any

import numpy as np
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from . import _native
from ._native import RestockInputError, check, encode, lib
from .envs import _seed, stationary_configuration

__all__ = ["StationaryVectorEnv"]


class StationaryVectorEnv(VectorEnv):
    """`num_envs` copies of the stationary single-SKU environment, stepped together by one call into
    Swift that fills NumPy arrays in place (no Python loop over copies).

    Copy i reset with `seed` follows the trajectory of a `StationaryEnv` reset with `seed + i`.
    Episodes end by truncation after `episode_length` periods, all copies together; the copies then
    start again at once (autoreset "same step"): the returned observation is the new episode's, and
    `infos["final_obs"]` holds the last one. `infos["cost"]` is each copy's cost of the period.

    The arrays returned by `reset` and `step` are the environment's buffers, overwritten by the next
    call: copy them to keep them (or pass `copy=True`).
    """

    metadata = {"render_modes": ["ansi"], "render_fps": 4, "autoreset_mode": AutoresetMode.SAME_STEP}

    def __init__(self, num_envs: int = 1024, copy: bool = False, render_mode: str | None = None, **configuration: Any):
        if isinstance(num_envs, bool) or not isinstance(num_envs, int) or num_envs < 2:
            raise RestockInputError(f"num_envs must be an integer >= 2, got {num_envs!r} (use StationaryEnv for one).")
        if render_mode not in (None, "ansi"):
            raise RestockInputError(f"render_mode '{render_mode}' is not supported. Allowed: 'ansi' or None.")
        self.render_mode = render_mode
        self.configuration = stationary_configuration(**configuration)
        self._error = _native.error_buffer()
        handle = ctypes.c_void_p()
        check(lib.restock_stationary_create(encode(self.configuration), num_envs, ctypes.byref(handle), self._error,
                                            _native.ERROR_CAPACITY), self._error)
        self._handle = handle
        sizes = [ctypes.c_int64() for _ in range(4)]
        check(lib.restock_env_dimensions(handle, *[ctypes.addressof(s) for s in sizes], self._error, _native.ERROR_CAPACITY),
              self._error)
        size, actions, copies, _ = (s.value for s in sizes)
        low = np.empty(size, dtype=np.float64)
        high = np.empty(size, dtype=np.float64)
        check(lib.restock_env_bounds(handle, low.ctypes.data, high.ctypes.data, self._error, _native.ERROR_CAPACITY), self._error)
        self.num_envs = copies
        self.copy = copy
        self.single_observation_space = spaces.Box(low=low, high=high, dtype=np.float64)
        self.single_action_space = spaces.Discrete(actions)
        self.observation_space = batch_space(self.single_observation_space, copies)
        self.action_space = batch_space(self.single_action_space, copies)
        self._obs = np.zeros((copies, size), dtype=np.float64)
        self._final = np.zeros((copies, size), dtype=np.float64)
        self._rew = np.zeros(copies, dtype=np.float64)
        self._term = np.zeros(copies, dtype=np.bool_)
        self._trunc = np.zeros(copies, dtype=np.bool_)
        self._cost = np.zeros(copies, dtype=np.float64)
        self._actions = np.zeros(copies, dtype=np.int64)
        self._all = np.ones(copies, dtype=np.bool_)
        self._pointers = tuple(a.ctypes.data for a in (self._obs, self._rew, self._term, self._trunc, self._final, self._cost))
        self._started = False

    def _live(self):
        handle = getattr(self, "_handle", None)
        if handle is None:
            raise RestockInputError("the vector environment is closed (use after close).")
        return handle

    def _out(self, array: np.ndarray) -> np.ndarray:
        return array.copy() if self.copy else array

    def reset(self, *, seed: int | list[int] | None = None, options: dict | None = None):
        handle = self._live()
        if options:
            raise RestockInputError(f"reset options are not supported, got {sorted(options)}.")
        if isinstance(seed, (list, tuple, np.ndarray)):
            seeds = [_seed(s) for s in seed]
            if len(seeds) != self.num_envs or any(b != a + 1 for a, b in zip(seeds, seeds[1:])):
                raise RestockInputError("a list of seeds must be consecutive, one per copy (seed, seed + 1, ...): "
                                        "copy i is seeded with seed + i; pass the first seed alone.")
            seed = seeds[0]
        if seed is not None:
            seed = _seed(seed)
            self._np_random, self._np_random_seed = np.random.default_rng(seed), seed
        else:
            seed = int(self.np_random.integers(0, 1 << 63))
        check(lib.restock_env_reset(handle, seed, 1, self._pointers[0], self._error, _native.ERROR_CAPACITY), self._error)
        self._term[:] = False
        self._trunc[:] = False
        self._started = True
        return self._out(self._obs), {}

    def step(self, actions):
        handle = self._live()
        if not self._started:
            raise RestockInputError("step before reset: call reset() first.")
        array = np.asarray(actions)
        if array.shape != (self.num_envs,):
            raise ValueError(f"actions must have shape ({self.num_envs},), got {array.shape}")
        if array.dtype.kind not in "iu":
            raise TypeError(f"actions must be integers (Discrete indices), got dtype {array.dtype}")
        if array.dtype == np.int64 and array.flags.c_contiguous:
            pointer = array.ctypes.data
        else:
            np.copyto(self._actions, array, casting="unsafe")
            pointer = self._actions.ctypes.data
        o, r, te, tr, final, cost = self._pointers
        check(lib.restock_env_step(handle, pointer, o, r, te, tr, final, cost, self._error, _native.ERROR_CAPACITY), self._error)
        infos: dict[str, Any] = {"cost": self._out(self._cost), "_cost": self._all}
        if self._trunc.any():
            finals = np.full(self.num_envs, None, dtype=object)
            for i in np.flatnonzero(self._trunc):
                finals[i] = self._final[i].copy()
            infos["final_obs"] = finals
            infos["_final_obs"] = self._trunc.copy()
        return self._out(self._obs), self._out(self._rew), self._out(self._term), self._out(self._trunc), infos

    def render(self) -> str:
        handle = self._live()
        out = ctypes.create_string_buffer(8192)
        check(lib.restock_env_render(handle, out, 8192, self._error, _native.ERROR_CAPACITY), self._error)
        return out.value.decode("utf-8")

    def close_extras(self, **kwargs: Any) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None:
            lib.restock_destroy(handle)
            self._handle = None

    def __del__(self):
        try:
            self.close_extras()
        except Exception:
            pass

"""Restock from Python: Gymnasium environments over Restock's Swift simulator, its exact solver, and
`restock run` with your own policies beside the scenario's (see python/README.md)."""
from __future__ import annotations

from gymnasium.envs.registration import register, registry

from ._native import RestockCallbackError, RestockError, RestockInputError, RestockInternalError, library_path
from .envs import BackordersEnv, LostSalesEnv, ScenarioEnv, StationaryEnv, stationary_configuration
from .readers import read_comparison, read_replications, read_summary
from .run import RunResult, run
from .solve import Solution, solve
from .vector import StationaryVectorEnv

__version__ = "0.1.0"

__all__ = ["StationaryEnv", "LostSalesEnv", "BackordersEnv", "ScenarioEnv", "StationaryVectorEnv", "stationary_configuration",
           "solve", "Solution", "run", "RunResult", "read_summary", "read_replications", "read_comparison", "RestockError",
           "RestockInputError", "RestockInternalError", "RestockCallbackError", "library_path", "ENVIRONMENT_IDS"]


def _lost_sales_vector(num_envs: int = 1024, **kwargs):
    kwargs.setdefault("shortage", "lost_sales")
    return StationaryVectorEnv(num_envs=num_envs, **kwargs)


def _backorders_vector(num_envs: int = 1024, **kwargs):
    kwargs.setdefault("shortage", "backorders")
    return StationaryVectorEnv(num_envs=num_envs, **kwargs)


ENVIRONMENT_IDS = ("restock/LostSales-v0", "restock/Backorders-v0", "restock/Scenario-v0")

if "restock/LostSales-v0" not in registry:
    register(id="restock/LostSales-v0", entry_point="restock.envs:LostSalesEnv",
             vector_entry_point="restock:_lost_sales_vector")
    register(id="restock/Backorders-v0", entry_point="restock.envs:BackordersEnv",
             vector_entry_point="restock:_backorders_vector")
    register(id="restock/Scenario-v0", entry_point="restock.envs:ScenarioEnv")

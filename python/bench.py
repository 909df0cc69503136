"""Steps per second of Restock's environments from Python (install the release library first:
`pip install ./python`). Prints one line per measurement; `--json` prints them as JSON.

    python python/bench.py            # vector N = 1024 and a single environment, Zipkin's instance
"""
from __future__ import annotations

import argparse
import json
import time

import numpy as np

import restock


def vector_steps_per_second(num_envs: int, steps: int) -> float:
    env = restock.StationaryVectorEnv(num_envs=num_envs, demand=5, lead_time=2, shortage_cost=9, max_order=20)
    env.reset(seed=0)
    # A fixed schedule of actions, prepared outside the timed loop (order 5 on average).
    schedule = np.random.default_rng(0).integers(0, 11, size=(16, num_envs)).astype(np.int64)
    for t in range(50):
        env.step(schedule[t % 16])
    start = time.perf_counter()
    for t in range(steps):
        env.step(schedule[t % 16])
    seconds = time.perf_counter() - start
    env.close()
    return num_envs * steps / seconds


def single_steps_per_second(steps: int) -> float:
    env = restock.LostSalesEnv(demand=5, lead_time=2, shortage_cost=9, max_order=20, episode_length=10**9)
    env.reset(seed=0)
    actions = [int(a) for a in np.random.default_rng(0).integers(0, 11, size=1024)]
    start = time.perf_counter()
    for t in range(steps):
        env.step(actions[t & 1023])
    seconds = time.perf_counter() - start
    env.close()
    return steps / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--num-envs", type=int, default=1024)
    parser.add_argument("--vector-steps", type=int, default=3000)
    parser.add_argument("--single-steps", type=int, default=300_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {
        "library": str(restock.library_path()),
        f"vector_N{args.num_envs}_steps_per_second": vector_steps_per_second(args.num_envs, args.vector_steps),
        "single_steps_per_second": single_steps_per_second(args.single_steps),
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for key, value in results.items():
        print(f"{key}: {value:,.0f}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    main()

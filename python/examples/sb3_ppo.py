"""Stable-Baselines3 PPO on restock/LostSales-v0, graded exactly by restock.solve.

    pip install ./python stable-baselines3      # PyTorch comes with it (large; not needed by Restock)
    python python/examples/sb3_ppo.py [--timesteps 300000]

Trains SB3's PPO on Zipkin's lost-sales instance (Poisson demand of mean 5, lead time 2, h = 1, p = 9)
through 16 Restock environments, then plays the trained (deterministic) policy for 100,000 periods
in a fresh environment and prints its average cost beside the exact optimum from restock.solve and
the gap between them. Observations are scaled by the mean demand for the network.
"""
from __future__ import annotations

import argparse

import gymnasium as gym
import numpy as np

import restock

INSTANCE = dict(demand=5, lead_time=2, holding_cost=1, shortage_cost=9, max_order=20, episode_length=1000)
# Rewards for training: the cost over the mean shortage cost per period (9 x 5), about -0.1 to -1.
TRAINING = dict(INSTANCE, reward_scale="mean_shortage_cost")


class Scaled(gym.ObservationWrapper):
    """Units and periods scaled to the order of one: stock / 10, period / episode length."""

    def __init__(self, env):
        super().__init__(env)
        self.observation_space = gym.spaces.Box(-np.inf, np.inf, shape=env.observation_space.shape, dtype=np.float32)

    def observation(self, observation):
        scaled = observation / 10.0
        scaled[-1] = observation[-1] / INSTANCE["episode_length"]
        return scaled.astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timesteps", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_vec_env

    env = make_vec_env(lambda: Scaled(gym.make("restock/LostSales-v0", **TRAINING)), n_envs=16, seed=args.seed)
    model = PPO("MlpPolicy", env, n_steps=256, batch_size=1024, learning_rate=3e-4, gamma=0.99, seed=args.seed, verbose=0)
    model.learn(total_timesteps=args.timesteps)

    optimum = restock.solve(**INSTANCE)
    evaluation = Scaled(restock.LostSalesEnv(**{**INSTANCE, "episode_length": 101_000}))
    observation, _ = evaluation.reset(seed=12345)
    costs = []
    for _ in range(101_000):
        action, _ = model.predict(observation, deterministic=True)
        observation, reward, *_ = evaluation.step(int(action))
        costs.append(-reward)
    agent = float(np.mean(costs[1000:]))
    print(f"SB3 PPO ({args.timesteps:,} steps): {agent:.3f} per period (simulated, 100,000 periods)")
    print(f"optimum (restock.solve):      {optimum.average_cost:.3f} per period")
    print(f"gap: {100 * (agent - optimum.average_cost) / optimum.average_cost:+.2f}%")


if __name__ == "__main__":
    main()

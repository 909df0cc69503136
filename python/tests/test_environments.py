"""The Gymnasium environments: the checker, exact dynamics, and identity with the Swift environment."""
import warnings

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import restock
from restock import _native


@pytest.mark.parametrize("env_id", restock.ENVIRONMENT_IDS)
def test_check_env_is_clean(env_id, scenarios):
    kwargs = {"scenario": scenarios / "pricing-markdown.yaml", "overrides": {"horizonDays": 28}} if "Scenario" in env_id else {}
    env = gym.make(env_id, **kwargs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env.unwrapped, skip_render_check=False)
    messages = [str(w.message) for w in caught if "gymnasium" in w.filename]
    assert messages == []
    env.close()


def test_deterministic_demand_gives_the_hand_computed_trajectory():
    # Demand is always 3 units; lead time 1; lost sales at 9, holding 1, orders of 4 units every period.
    env = restock.LostSalesEnv(demand=[0, 0, 0, 1], lead_time=1, holding_cost=1, shortage_cost=9, max_order=10,
                               initial_on_hand=2, episode_length=5)
    obs, _ = env.reset(seed=0)
    assert obs.tolist() == [2, 0, 2, 0]
    # Period 0: nothing arrives, 2 sold, 1 lost (9), 0 left. Order 4 enters the pipeline.
    obs, reward, terminated, truncated, info = env.step(4)
    assert obs.tolist() == [0, 4, 4, 1] and reward == -9 and info["shortage"] == 1 and info["sales"] == 2
    # Period 1: 4 arrive, 3 sold, 1 left (holding 1).
    obs, reward, *_ = env.step(4)
    assert obs.tolist() == [1, 4, 5, 2] and reward == -1
    # Period 2: 4 arrive (5 on hand), 3 sold, 2 left.
    obs, reward, *_ = env.step(0)
    assert obs.tolist() == [2, 0, 2, 3] and reward == -2
    for _ in range(2):
        obs, reward, terminated, truncated, info = env.step(0)
    assert truncated and not terminated and obs[-1] == 5
    with pytest.raises(restock.RestockInputError, match="reset"):
        env.step(0)


def test_trajectory_identical_to_the_swift_environment():
    configuration = dict(demand=5, lead_time=3, holding_cost=1, shortage_cost=19, max_order=15, episode_length=500)
    env = restock.LostSalesEnv(**configuration)
    actions = np.random.default_rng(7).integers(0, 16, size=300).astype(np.int64)
    obs, _ = env.reset(seed=2024)
    python_obs, python_rewards = [obs], []
    for a in actions:
        obs, reward, *_ = env.step(int(a))
        python_obs.append(obs)
        python_rewards.append(reward)
    text = restock.stationary_configuration(shortage="lost_sales", **configuration)
    size = env.observation_space.shape[0]
    swift_obs = np.zeros((len(actions) + 1, size))
    swift_rewards = np.zeros(len(actions))
    error = _native.error_buffer()
    _native.check(_native.lib.restock_stationary_reference_trajectory(
        text.encode(), 2024, actions.ctypes.data, len(actions), swift_obs.ctypes.data, swift_rewards.ctypes.data,
        error, _native.ERROR_CAPACITY), error)
    np.testing.assert_array_equal(np.array(python_obs), swift_obs)
    np.testing.assert_array_equal(np.array(python_rewards), swift_rewards)


def test_same_seed_same_episode_and_continuing_streams():
    env = restock.BackordersEnv(demand=4, lead_time=2, max_order=12)
    def episode(seed):
        obs, _ = env.reset(seed=seed)
        return [obs] + [env.step(6)[0] for _ in range(50)]
    a, b, c = episode(11), episode(11), episode(12)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not all(np.array_equal(x, y) for x, y in zip(a, c))
    # Backorders: net stock goes negative.
    env.reset(seed=1)
    assert min(env.step(0)[0][0] for _ in range(10)) < 0


def test_vector_copy_i_follows_the_single_environment_seeded_seed_plus_i():
    configuration = dict(demand=5, lead_time=2, max_order=20, episode_length=30)
    vector = restock.StationaryVectorEnv(num_envs=6, copy=True, **configuration)
    singles = [restock.LostSalesEnv(**configuration) for _ in range(6)]
    obs, _ = vector.reset(seed=100)
    for i, env in enumerate(singles):
        np.testing.assert_array_equal(env.reset(seed=100 + i)[0], obs[i])
    rng = np.random.default_rng(3)
    for t in range(30):
        actions = rng.integers(0, 21, size=6)
        obs, rewards, terminated, truncated, infos = vector.step(actions)
        for i, env in enumerate(singles):
            single_obs, single_reward, _, single_truncated, info = env.step(int(actions[i]))
            assert rewards[i] == single_reward and infos["cost"][i] == info["cost"]
            assert truncated[i] == single_truncated
            if single_truncated:
                np.testing.assert_array_equal(infos["final_obs"][i], single_obs)
                assert obs[i].tolist() == [0, 0, 0, 0, 0]   # autoreset in the same step
            else:
                np.testing.assert_array_equal(obs[i], single_obs)
    assert truncated.all() and not terminated.any()


def test_make_vec_uses_the_batched_environment():
    vector = gym.make_vec("restock/LostSales-v0", num_envs=16, vectorization_mode="vector_entry_point")
    assert isinstance(vector.unwrapped, restock.StationaryVectorEnv)
    obs, _ = vector.reset(seed=0)
    assert obs.shape == (16, 5)
    obs, rewards, *_ = vector.step(np.zeros(16, dtype=np.int64))
    assert rewards.shape == (16,) and (rewards <= 0).all()
    vector.close()


def test_scenario_environment_plays_a_season(scenarios):
    env = restock.ScenarioEnv(scenarios / "pricing-markdown.yaml", overrides={"horizonDays": 28})
    obs, _ = env.reset(seed=5)
    steps, total, terminated = 0, 0.0, False
    while not terminated:
        obs, reward, terminated, truncated, info = env.step(env.action_space.n // 2)
        total += info["profit"]
        steps += 1
    assert steps == 4  # weekly price decisions over 28 days
    assert "DRESS-SUMMER" in env.render()
    with pytest.raises(restock.RestockInputError, match="reset"):
        env.step(0)

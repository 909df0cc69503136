"""Restock's environments in Ray RLlib's env runners (skipped unless ray[rllib] is installed)."""
import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.rllib")


def test_rllib_ppo_trains_one_iteration_on_restock_env_runners():
    from ray.rllib.algorithms.ppo import PPOConfig

    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    try:
        config = (PPOConfig()
                  .environment("restock:restock/LostSales-v0",
                               env_config={"demand": 5, "lead_time": 2, "shortage_cost": 9, "episode_length": 200})
                  .env_runners(num_env_runners=1, num_envs_per_env_runner=4)
                  .training(train_batch_size_per_learner=800, minibatch_size=200, num_epochs=1))
        algo = config.build_algo()
        result = algo.train()
        algo.stop()
    finally:
        ray.shutdown()
    returns = result["env_runners"]["episode_return_mean"]
    # Episodes of 200 periods; an untrained policy orders about 10 units a period against a demand of 5,
    # so stock piles up (holding costs of hundreds a period by the end): a finite, negative return.
    assert -200 * 5000 < returns < 0

"""restock.solve against Zipkin's published optima, and its policy in the environment."""
import csv
import math

import numpy as np
import pytest

import restock


def zipkin_rows(repository):
    # Tests/Fixtures/lost_sales_zipkin.csv: Zipkin (2008), "Old and new methods for lost-sales inventory systems", Table 1.
    with open(repository / "Tests" / "Fixtures" / "lost_sales_zipkin.csv") as file:
        return [row for row in csv.DictReader(file) if int(row["lead_time_periods"]) <= 2]


def test_optimal_costs_match_zipkin(repository):
    for row in zipkin_rows(repository):
        solution = restock.solve(demand=float(row["mean_demand"]), lead_time=int(row["lead_time_periods"]),
                                 holding_cost=float(row["holding_cost"]), shortage_cost=float(row["lost_sale_penalty"]),
                                 max_order=30)
        assert abs(solution.average_cost - float(row["optimal_cost"])) < 0.006, row
        assert solution.lower_bound <= solution.average_cost <= solution.upper_bound


def test_policy_table_shapes_and_the_optimal_policy_in_the_environment():
    solution = restock.solve(demand=5, lead_time=2, shortage_cost=9, max_order=20)
    states = solution.order.shape[0]
    assert solution.pipeline.shape == (states, 1) and solution.net_inventory.shape == (states,)
    assert (solution.order >= 0).all() and (solution.order <= 20).all()
    # Played in the environment for 40,000 periods, the table's policy costs what the program says.
    env = restock.LostSalesEnv(demand=5, lead_time=2, shortage_cost=9, max_order=20, episode_length=40_000)
    obs, _ = env.reset(seed=1)
    costs = []
    for _ in range(40_000):
        obs, reward, *_ = env.step(solution.action(obs))
        costs.append(-reward)
    costs = np.array(costs[1000:])
    batches = costs.reshape(39, -1).mean(axis=1)
    half_width = 2.03 * batches.std(ddof=1) / np.sqrt(len(batches))
    assert abs(costs.mean() - solution.average_cost) < half_width + 0.02, (costs.mean(), solution.average_cost, half_width)
    # A worse policy (order 5 every period) costs more.
    assert solution.average_cost < 9.0


def test_base_stock_is_optimal_under_backorders():
    solution = restock.solve(demand=5, lead_time=1, shortage="backorders", shortage_cost=9, max_order=25)
    positions = solution.net_inventory + solution.pipeline.sum(axis=1) + solution.order
    ordering = (solution.order > 0) & (solution.order < 25)   # where the order cap does not bind
    # Every such state raises the position to one level: the newsvendor quantile of demand over the
    # lead time plus one period (Poisson mean 10) at the critical ratio b / (b + h) = 0.9.
    levels = set(positions[ordering].tolist())
    cdf, k, term = 0.0, 0, math.exp(-10)
    while True:
        cdf += term
        if cdf >= 0.9:
            break
        k += 1
        term *= 10 / k
    assert levels == {k}
    solution.close()
    with pytest.raises(restock.RestockInputError, match="closed"):
        solution.action([0, 0, 0, 0])

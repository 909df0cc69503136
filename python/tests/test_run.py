"""restock.run: Python policies in Restock's reports, on the same demand as the scenario's policies."""
import pandas as pd
import pytest

import restock

SHORT = {"horizonDays": 120, "warmupDays": 0, "replications": 4}


def test_a_python_base_stock_policy_equals_the_scenario_one_replication_by_replication(scenarios, tmp_path):
    def base_stock_17(observation):
        return max(0, 17 - observation["inventoryPositionUnits"])

    result = restock.run(scenarios / "lost-sales.yaml", policies={"python-base-stock-17": base_stock_17},
                         out=tmp_path / "report", overrides=SHORT)
    replications = result.replications
    ours = replications[(replications.policy == "python-base-stock-17") & (replications.sku == "ZIPKIN")]
    theirs = replications[(replications.policy == "base-stock-17") & (replications.sku == "ZIPKIN")]
    assert len(ours) == 4
    # Common random numbers: the same rule on the same demand earns the same, to the cent.
    assert ours["profit"].tolist() == theirs["profit"].tolist()
    assert (tmp_path / "report" / "index.html").read_text().count("python-base-stock-17") >= 1
    profit = result.profit()
    assert "python-base-stock-17" in profit.index and "best-base-stock" in profit.index


def test_observation_dict_and_price_decisions(scenarios, tmp_path):
    seen = []

    def markdown_at_day_14(observation):
        seen.append(observation)
        price = observation["priceLevels"][-1] if observation["day"] >= 14 else observation["priceLevels"][0]
        order = 800 if observation["day"] == 0 else 0
        return {"order": order, "price": price}

    result = restock.run(scenarios / "pricing-markdown.yaml", policies={"python-markdown": markdown_at_day_14},
                         out=tmp_path / "md", overrides={"horizonDays": 28, "replications": 2})
    first = seen[0]
    assert first["sku"] == "DRESS-SUMMER" and first["day"] == 0 and first["priceLevels"] == [59, 47, 39, 29]
    assert len(first["forecastUnitsPerDay"]) > 0 and first["seasonEndDay"] == 28
    later = [o for o in seen if o["day"] == 20]
    assert later and all(o["price"] == 29 for o in later)
    summary = result.summary
    row = summary[(summary.policy == "python-markdown") & (summary.kpi == "profit") & (summary.sku == "ALL")]
    assert len(row) == 1


def test_a_failing_policy_raises_with_its_name_and_day(scenarios, tmp_path):
    def broken(observation):
        if observation["day"] >= 3:
            raise KeyError("no such thing")
        return 0

    with pytest.raises(restock.RestockCallbackError, match="broken") as raised:
        restock.run(scenarios / "lost-sales.yaml", policies={"broken": broken}, out=tmp_path / "x", overrides=SHORT)
    assert isinstance(raised.value.__cause__, KeyError)
    assert not (tmp_path / "x" / "summary.csv").exists()
    with pytest.raises(restock.RestockCallbackError, match="whole numbers"):
        restock.run(scenarios / "lost-sales.yaml", policies={"floaty": lambda o: 2.5}, out=tmp_path / "y", overrides=SHORT)
    with pytest.raises(restock.RestockCallbackError, match="ordered -4 units"):
        restock.run(scenarios / "lost-sales.yaml", policies={"negative": lambda o: -4}, out=tmp_path / "z", overrides=SHORT)


def test_name_clash_and_bad_output(scenarios, tmp_path):
    with pytest.raises(restock.RestockInputError, match="already a policy"):
        restock.run(scenarios / "lost-sales.yaml", policies={"base-stock-17": lambda o: 0}, out=tmp_path / "a", overrides=SHORT)
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(restock.RestockInputError, match="is a file"):
        restock.run(scenarios / "lost-sales.yaml", out=blocker, overrides=SHORT)
    with pytest.raises(restock.RestockInputError, match="empty"):
        restock.run(scenarios / "lost-sales.yaml", out="", overrides=SHORT)


def test_readers_type_their_columns(scenarios, tmp_path):
    result = restock.run(scenarios / "lost-sales.yaml", out=tmp_path / "r", overrides=SHORT)
    summary = restock.read_summary(tmp_path / "r")
    assert pd.api.types.is_string_dtype(summary["policy"]) and pd.api.types.is_string_dtype(summary["kpi"])
    assert summary["mean"].dtype == "float64" and summary["replications"].dtype == "int64"
    replications = restock.read_replications(tmp_path / "r" / "replications.csv")
    assert replications["replication"].dtype == "int64" and replications["fill_rate"].dtype == "float64"
    with pytest.raises(FileNotFoundError):
        restock.read_comparison(tmp_path / "r")

"""Bad input from Python raises an exception carrying Restock's message; it never crashes the interpreter."""
import numpy as np
import pytest

import restock


def test_unknown_scenario_key_names_file_and_key(scenarios, tmp_path):
    with pytest.raises(restock.RestockInputError) as raised:
        restock.ScenarioEnv(scenarios / "quickstart.yaml", overrides={"products.0.sellingPrize": 3}, sku="MUG-COFFEE")
    assert "quickstart.yaml" in str(raised.value) and "sellingPrize" in str(raised.value)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nhorizonDays: -3\n")
    with pytest.raises(restock.RestockInputError, match="bad.yaml"):
        restock.ScenarioEnv(bad)
    with pytest.raises(restock.RestockInputError, match="no SKU 'NOPE'"):
        restock.ScenarioEnv(scenarios / "quickstart.yaml", sku="NOPE")


def test_configuration_errors():
    with pytest.raises(restock.RestockInputError, match="leadTimePeriods"):
        restock.LostSalesEnv(lead_time=99)
    with pytest.raises(restock.RestockInputError, match="finite"):
        restock.LostSalesEnv(holding_cost=float("nan"))
    with pytest.raises(TypeError):
        restock.LostSalesEnv(no_such_option=1)
    with pytest.raises(restock.RestockInputError, match="shortage"):
        restock.StationaryEnv(shortage="sometimes")


def test_action_out_of_range_wrong_dtype_and_shape():
    env = restock.LostSalesEnv(max_order=10)
    env.reset(seed=0)
    with pytest.raises(restock.RestockInputError, match=r"outside the action space: actions 0\.\.\.10"):
        env.step(11)
    with pytest.raises(restock.RestockInputError, match="outside the action space"):
        env.step(-1)
    with pytest.raises(TypeError):
        env.step(2.5)
    with pytest.raises(TypeError):
        env.step("3")
    with pytest.raises(ValueError, match="shape"):
        env.step(np.array([1, 2]))
    env.step(np.int64(3))  # NumPy integers are fine
    vector = restock.StationaryVectorEnv(num_envs=4, max_order=10)
    vector.reset(seed=0)
    with pytest.raises(ValueError, match="shape"):
        vector.step(np.zeros(3, dtype=np.int64))
    with pytest.raises(TypeError, match="dtype"):
        vector.step(np.zeros(4))
    with pytest.raises(restock.RestockInputError, match=r"actions\[2\] = 99"):
        vector.step(np.array([0, 0, 99, 0]))


def test_use_after_close():
    env = restock.LostSalesEnv()
    env.reset(seed=0)
    env.close()
    for call in (lambda: env.step(0), lambda: env.reset(seed=1), env.render):
        with pytest.raises(restock.RestockInputError, match="closed"):
            call()
    env.close()  # closing twice is harmless
    vector = restock.StationaryVectorEnv(num_envs=2)
    vector.close()
    with pytest.raises(restock.RestockInputError, match="closed"):
        vector.reset(seed=0)


def test_the_library_refuses_a_stale_handle_itself():
    from restock import _native
    env = restock.LostSalesEnv()
    handle = env._handle
    env.close()
    error = _native.error_buffer()
    sizes = [np.zeros(1, dtype=np.int64) for _ in range(4)]
    status = _native.lib.restock_env_dimensions(handle, *[s.ctypes.data for s in sizes], error, _native.ERROR_CAPACITY)
    assert status == 2 and b"closed" in error.value
    assert _native.lib.restock_destroy(handle) == 2

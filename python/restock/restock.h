/* restock.h: the C interface of Restock (libRestockC, the `RestockC` product of Package.swift).
 *
 * Every function returns a status: RESTOCK_OK, RESTOCK_INTERNAL_ERROR (a bug in Restock),
 * RESTOCK_INPUT_ERROR (bad input: a configuration, a scenario file, an action, a buffer or a handle)
 * or RESTOCK_CALLBACK_ERROR (a caller's policy failed in restock_run). The message is written,
 * NUL-terminated and cut to `error_capacity` bytes, into `error` (may be NULL); it is "" on success.
 * No Swift error or trap crosses this boundary: handles are checked on every call (a closed handle is
 * an input error), buffers are the caller's and must have the documented sizes. Calls on one handle
 * from several threads take turns. Units: stock and orders in units, costs in currency, time in
 * periods (stationary) or days (scenarios).
 */
#ifndef RESTOCK_H
#define RESTOCK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RESTOCK_C_API_VERSION 1
#define RESTOCK_OK 0
#define RESTOCK_INTERNAL_ERROR 1
#define RESTOCK_INPUT_ERROR 2
#define RESTOCK_CALLBACK_ERROR 3

int32_t restock_api_version(void);
/* Releases an environment or solution handle; RESTOCK_INPUT_ERROR for a handle that is not live. */
int32_t restock_destroy(void *handle);

/* Stationary single-SKU environment from a JSON object: {"demand": 5 (Poisson mean) or [p0, p1, ...],
 * "leadTimePeriods", "holdingCost", "shortage": "lostSales"|"backorders", "shortageCost", "maxOrderUnits",
 * "episodeLength", "initialOnHandUnits", "fixedOrderCost", "unitOrderCost",
 * "priceLevels": [{"price", "demand", "revenuePerUnit"}], "rewardScale": number|"meanShortageCost"}.
 * copies = 1: one environment; more: copies stepped together (copy i reset with seed + i). */
int32_t restock_stationary_create(const char *configuration_json, int64_t copies, void **handle,
                                  char *error, size_t error_capacity);
/* Scenario environment: the scenario file, overrides (JSON list of "key.path=value" or NULL), the SKU
 * the agent decides for (NULL: the only one), the policy driving the other SKUs (NULL: the first
 * heuristic), days between decisions (0: default), copies. */
int32_t restock_scenario_create(const char *scenario_path, const char *overrides_json, const char *sku,
                                const char *others, int64_t decision_days, int64_t copies, void **handle,
                                char *error, size_t error_capacity);
int32_t restock_env_dimensions(void *handle, int64_t *observation_size, int64_t *action_count, int64_t *copies,
                               int64_t *info_size, char *error, size_t error_capacity);
/* observation_size values each. */
int32_t restock_env_bounds(void *handle, double *low, double *high, char *error, size_t error_capacity);
/* which = 0: observation names, 1: info names; one per line. */
int32_t restock_env_names(void *handle, int32_t which, char *out, size_t out_capacity, char *error, size_t error_capacity);
/* reseed = 1: from seed; 0: continuing. Writes copies x observation_size values. */
int32_t restock_env_reset(void *handle, uint64_t seed, int32_t reseed, double *observations, char *error,
                          size_t error_capacity);
/* actions: copies values; out: observations (copies x observation_size), rewards, terminated, truncated
 * (copies each), final_observations (copies x observation_size, may be NULL) and info
 * (copies x info_size, may be NULL). Nothing moves when an action is out of range. */
int32_t restock_env_step(void *handle, const int64_t *actions, double *observations, double *rewards,
                         uint8_t *terminated, uint8_t *truncated, double *final_observations, double *info,
                         char *error, size_t error_capacity);
int32_t restock_env_render(void *handle, char *out, size_t out_capacity, char *error, size_t error_capacity);
/* Tests: a fresh single environment stepped natively; (steps + 1) x observation_size observations, steps rewards. */
int32_t restock_stationary_reference_trajectory(const char *configuration_json, uint64_t seed, const int64_t *actions,
                                                int64_t steps, double *observations, double *rewards,
                                                char *error, size_t error_capacity);

/* Exact optimum (relative value iteration) of a stationary configuration. */
int32_t restock_solve(const char *configuration_json, void **handle, char *error, size_t error_capacity);
int32_t restock_solution_summary(void *handle, double *average_cost, double *lower_bound, double *upper_bound,
                                 int64_t *states, int64_t *pipeline_length, char *error, size_t error_capacity);
/* Per state: net inventory after this period's arrival, pipeline (states x pipeline_length), order, price level. */
int32_t restock_solution_table(void *handle, int64_t *net_inventory, int64_t *pipeline, int64_t *orders,
                               int64_t *price_levels, char *error, size_t error_capacity);
/* The optimal action index at an environment observation [onHand, q_1..q_L, position, period]. */
int32_t restock_solution_action(void *handle, const double *observation, int64_t size, int64_t *action,
                                char *error, size_t error_capacity);

/* A caller's policy: context, policy index, observation JSON; out: units per supplier (zeroed before the
 * call), a price and has_price = 1 to charge it. Return 0, or non-zero to abandon the run. */
typedef int32_t (*restock_policy_callback)(void *context, int32_t policy_index, const char *observation_json,
                                           int64_t *order_units, int64_t suppliers, double *price, uint8_t *has_price);
/* Runs the scenario's policies and the caller's (policy_names_json: JSON list or NULL) on the report
 * replications, one thread, and writes the report into out_folder. */
int32_t restock_run(const char *scenario_path, const char *overrides_json, const char *out_folder,
                    const char *policy_names_json, restock_policy_callback callback, void *context,
                    char *error, size_t error_capacity);

#ifdef __cplusplus
}
#endif

#endif /* RESTOCK_H */

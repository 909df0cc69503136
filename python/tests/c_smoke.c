/* Compiled against restock.h and linked to libRestockC by test_c_interface.py: the header matches the
 * library, and errors come back as statuses and messages (a closed handle, an action out of range). */
#include <stdio.h>
#include <string.h>
#include "restock.h"

int main(void) {
    char error[512];
    void *env = NULL;
    if (restock_api_version() != RESTOCK_C_API_VERSION) return 10;
    const char *config = "{\"demand\": [0, 0, 1], \"leadTimePeriods\": 0, \"holdingCost\": 1, \"shortageCost\": 9,"
                         " \"maxOrderUnits\": 5, \"episodeLength\": 3}";
    if (restock_stationary_create(config, 1, &env, error, sizeof error) != RESTOCK_OK) { puts(error); return 11; }
    int64_t size, actions, copies, info;
    if (restock_env_dimensions(env, &size, &actions, &copies, &info, error, sizeof error) != RESTOCK_OK || size != 3 || actions != 6) return 12;
    double obs[3], reward;
    uint8_t terminated, truncated;
    if (restock_env_reset(env, 7, 1, obs, error, sizeof error) != RESTOCK_OK) return 13;
    int64_t action = 5; /* lead time 0: 5 arrive, 2 demanded, 3 left: holding 3 */
    if (restock_env_step(env, &action, obs, &reward, &terminated, &truncated, NULL, NULL, error, sizeof error) != RESTOCK_OK) return 14;
    if (obs[0] != 3 || reward != -3) return 15;
    action = 6;
    if (restock_env_step(env, &action, obs, &reward, &terminated, &truncated, NULL, NULL, error, sizeof error) != RESTOCK_INPUT_ERROR
        || strstr(error, "outside the action space") == NULL) return 16;
    if (restock_destroy(env) != RESTOCK_OK) return 17;
    if (restock_env_reset(env, 7, 1, obs, error, sizeof error) != RESTOCK_INPUT_ERROR || strstr(error, "closed") == NULL) return 18;
    if (restock_stationary_create("{\"demand\": 5, \"leadTime\": 2}", 1, &env, error, sizeof error) != RESTOCK_INPUT_ERROR
        || strstr(error, "unknown key 'leadTime'") == NULL || env != NULL) return 19;
    puts("ok");
    return 0;
}

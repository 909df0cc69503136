-- wrk script for scripts/test-workshop-load: every request is a team's submit for the open round, the
-- teams taken in turn (each thread starts at another team). COOKIES names the file of team-id<TAB>cookie
-- lines; ROUND is the open round. The game is paused, so each submit replaces the team's decision and is
-- committed to SQLite, and no round closes.
local teams = {}
for line in io.lines(os.getenv("COOKIES")) do
  local id, cookie = line:match("^(%d+)\t(.+)$")
  table.insert(teams, {id = id, cookie = cookie})
end
local round = os.getenv("ROUND")
local threads = 0

function setup(thread)
  thread:set("offset", threads * 7)
  threads = threads + 1
end

local i = 0
function init(args)
  i = offset or 0
end

function request()
  i = (i % #teams) + 1
  local team = teams[i]
  local body = "team=" .. team.id .. "&round=" .. round .. "&order=" .. tostring(i % 20)
  return wrk.format("POST", "/submit", {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = team.cookie}, body)
end

function done(summary, latency, requests)
  io.write(string.format("wrk: %d submits in %.1f s: %.0f requests/s; latency ms: median %.2f, p99 %.2f, max %.2f; errors: %d connect, %d read, %d write, %d timeout, %d non-2xx/3xx\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end

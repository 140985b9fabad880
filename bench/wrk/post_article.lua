-- wrk script: POST /articles of the seed article (text/plain wire format), made distinct per
-- request by its "By :" line (the source): saywho stores an article only once per source + body,
-- so every request is a full ingest (extraction, 31 statements, history) and none a duplicate.
--   SEED=tests/data/seed/000_769c9fc006ba94f1.txt TOKEN=... wrk -t2 -c8 -d10s -s bench/wrk/post_article.lua URL
-- Env: SEED (the article file), TOKEN (a bearer token of API_TOKENS).
-- Prints a WRK_SUMMARY line at the end (see reference/wrk/random_statement.lua).
local seed_path = os.getenv("SEED") or "tests/data/seed/000_769c9fc006ba94f1.txt"
local token = os.getenv("TOKEN") or ""
local seed, head, tail

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  local f = assert(io.open(seed_path, "rb"))
  seed = f:read("*a")
  f:close()
  local at = assert(seed:find("By : China Daily", 1, true), "seed has no 'By : China Daily' line")
  head = seed:sub(1, at + #"By : China Daily" - 1)
  tail = seed:sub(at + #"By : China Daily")
  counter = 0
  run = tostring(os.time()) .. "-" .. tostring(tid or 0)
end

function request()
  counter = counter + 1
  local body = head .. " bench " .. run .. "-" .. counter .. tail
  return wrk.format("POST", "/articles", {
    ["Content-Type"] = "text/plain",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK_SUMMARY rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d socket_errors=%d bytes_per_req=%.0f\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    summary.requests > 0 and summary.bytes / summary.requests or 0))
end

-- wrk script: each request asks for a random path from a file (one path a line), and every response
-- that is not 200 is counted, so a run that served errors or redirects cannot pass unnoticed.
-- Usage: wrk ... -s bench/scan.lua http://127.0.0.1:PORT -- PATHS_FILE
-- The static-file reference uses the same script with a one-line file, so both runs carry the same
-- client-side cost of this script.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  if file == nil then
    error("scan.lua: give the paths file after --")
  end
  paths = {}
  for line in io.lines(file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("scan.lua: no paths in " .. file)
  end
  path_count = #paths
  math.randomseed(os.time() * 1000 + id)
  responses = 0
  not_ok = 0
  first_bad = ""
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    not_ok = not_ok + 1
    if first_bad == "" then
      first_bad = tostring(status)
    end
  end
end

function done(summary, latency, requests)
  local total, bad, example, count = 0, 0, "", 0
  for _, thread in ipairs(threads) do
    count = thread:get("path_count")
    total = total + thread:get("responses")
    bad = bad + thread:get("not_ok")
    if example == "" then
      example = thread:get("first_bad")
    end
  end
  -- Exact figures for bench/report.py, next to wrk's own rounded summary.
  io.write(string.format("bench: paths %d\n", count))
  io.write(string.format("bench: responses %d\n", total))
  io.write(string.format("bench: non-200 %d %s\n", bad, example))
  io.write(string.format("bench: p50_us %d\n", latency:percentile(50)))
  io.write(string.format("bench: p99_us %d\n", latency:percentile(99)))
  io.write(string.format("bench: duration_us %d\n", summary.duration))
  io.write(string.format("bench: requests %d\n", summary.requests))
end

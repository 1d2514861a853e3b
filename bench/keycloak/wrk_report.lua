-- wrk script of bench/keycloak: with arguments (-- TOKEN_FILE CLIENT_ID) it POSTs refresh-token grants, cycling
-- through the tokens of the file; without, it GETs the URL. Prints one JSON line of figures at the end.
local tokens = {}
local client_id = nil
local n = 0

function init(args)
  if args[1] then
    for line in io.lines(args[1]) do
      if #line > 0 then tokens[#tokens + 1] = line end
    end
    client_id = args[2]
  end
end

function request()
  if #tokens == 0 then
    return wrk.format("GET")
  end
  n = n + 1
  local body = "grant_type=refresh_token&client_id=" .. client_id .. "&refresh_token=" .. tokens[(n % #tokens) + 1]
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50": %.1f, "p95": %.1f, "p99": %.1f, ' ..
    '"errors": %d, "status": %d}\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout, e.status))
end

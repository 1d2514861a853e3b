-- wrk script of bench/keycloak: with an argument (-- BODIES_FILE) it POSTs form bodies (token grants), cycling
-- through the lines of the file; without, it GETs the URL. Prints one JSON line of figures at the end.
local bodies = {}
local n = 0

function init(args)
  if args[1] then
    for line in io.lines(args[1]) do
      if #line > 0 then bodies[#bodies + 1] = line end
    end
  end
end

function request()
  if #bodies == 0 then
    return wrk.format("GET")
  end
  n = n + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, bodies[(n % #bodies) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50": %.1f, "p95": %.1f, "p99": %.1f, ' ..
    '"errors": %d, "status": %d}\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout, e.status))
end

-- wrk script for the soak run (tests/soak/run.sh): POST chat completions
-- through Gatehouse to the fake upstream, 10% of them streamed, and 1% with a
-- fault the fake upstream injects (named in the model, see FakeUpstream.h).
-- Every body is different, so the cache plugin stores rather than answers.
-- Faults stop 3 s before the end, so every injected fault is answered
-- within the run and "errors == injected faults" can be checked exactly.

local faults = { "status-500", "status-503+retry-after-1", "status-429", "reset",
                 "malformed-json" }
local threads = {}
local duration = tonumber(os.getenv("SOAK_SECONDS") or "60")
-- SOAK_RATE set (a paced run, requests/s for this thread's connections,
-- SOAK_CONNECTIONS of them): each connection pauses between an answer and
-- its next request. The pause starts at what the rate asks for if answers
-- took no time, and each second it is scaled by how far the last second's
-- count was from the rate, so slow answers do not lower the rate.
local rate = tonumber(os.getenv("SOAK_RATE") or "")
if rate then
   local pause = 1000 * tonumber(os.getenv("SOAK_CONNECTIONS") or "1") / rate
   -- The first second is partial (the run starts within it): not counted.
   local second, count, whole = os.time(), 0, false
   function delay()
      local now = os.time()
      if now ~= second then
         if whole and now == second + 1 and count > 0 then
            pause = math.max(0, math.min(4 * pause + 1, pause * math.sqrt(count / rate)))
         end
         second, count, whole = now, 0, true
      end
      count = count + 1
      -- Whole milliseconds only: rounded up or down at random, so the
      -- pauses average the fraction.
      return math.floor(pause + math.random())
   end
end

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   counter = 0
   injected = 0
   ok = 0
   errors = {}
   injectedByKind = {}
   stopFaultsAt = os.time() + duration - 3
   math.randomseed(os.time() + tonumber(tostring(args):match("0x(%x+)") or "0", 16) % 1000)
end

function request()
   counter = counter + 1
   local model = "up/soak"
   local stream = "false"
   if counter % 10 == 5 then stream = "true" end
   if counter % 100 == 37 and os.time() < stopFaultsAt then
      local kind = faults[math.random(#faults)]
      model = model .. "+" .. kind
      injected = injected + 1
      injectedByKind[kind] = (injectedByKind[kind] or 0) + 1
      stream = "false"
   end
   local body = string.format(
      '{"model":"%s","stream":%s,"messages":[{"role":"user","content":"soak %d %d"}]}',
      model, stream, counter, math.random(1000000000))
   return wrk.format("POST", "/v1/chat/completions",
                     { ["Content-Type"] = "application/json", ["x-bf-vk"] = "vk-soak" }, body)
end

function response(status, headers, body)
   if status == 200 then
      ok = ok + 1
   else
      local code = body:match('"code":"([^"]*)"') or "?"
      local key = tostring(status) .. " " .. code
      errors[key] = (errors[key] or 0) + 1
   end
end

function done(summary, latency, requests)
   local injectedTotal, okTotal, errorTotal = 0, 0, 0
   local byKind, errorsByKind = {}, {}
   for _, t in ipairs(threads) do
      injectedTotal = injectedTotal + t:get("injected")
      okTotal = okTotal + t:get("ok")
      for k, v in pairs(t:get("injectedByKind")) do byKind[k] = (byKind[k] or 0) + v end
      for k, v in pairs(t:get("errors")) do
         errorsByKind[k] = (errorsByKind[k] or 0) + v
         errorTotal = errorTotal + v
      end
   end
   io.write(string.format("soak-requests %d\n", summary.requests))
   io.write(string.format("soak-ok %d\n", okTotal))
   io.write(string.format("soak-injected %d\n", injectedTotal))
   io.write(string.format("soak-errors %d\n", errorTotal))
   local socketErrors = summary.errors.connect + summary.errors.read + summary.errors.write +
                        summary.errors.timeout
   io.write(string.format("soak-socket-errors %d\n", socketErrors))
   io.write(string.format("soak-p50-us %d\n", latency:percentile(50)))
   io.write(string.format("soak-p99-us %d\n", latency:percentile(99)))
   for k, v in pairs(byKind) do io.write(string.format("soak-injected-kind %s %d\n", k, v)) end
   for k, v in pairs(errorsByKind) do io.write(string.format("soak-error-kind %s %d\n", k, v)) end
end

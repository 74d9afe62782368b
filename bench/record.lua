-- bench/record.lua — wrk script for bench/record: each request records one
-- session (an ORS form) through POST /api/v1/feedback/sessions. Every wrk
-- thread has its own episodes; each episode gets sessions 1..20, a week apart,
-- then the thread moves on to a new episode. The token comes from TOKEN.
local counter = 0
local tid = 0
local threads = {}

function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

function init(args)
	counter = 0
	tid = tonumber(wrk.thread:get("tid")) or 0
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
	wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

local function date(n)
	-- 2017-01-02 plus n weeks, as YYYY-MM-DD (n < 52)
	local t = os.time({year = 2017, month = 1, day = 2, hour = 12}) + n * 7 * 86400
	return os.date("!%Y-%m-%d", t)
end

function request()
	local ep = math.floor(counter / 20)
	local s = counter % 20
	counter = counter + 1
	local v = string.format("%d.%d", 3 + s % 7, s % 10)
	local body = string.format(
		'{"episode":"R%d-%d","cpr":"010180-4321","unit":"BCV-HJL-1A","date":"%s","session":"%d",' ..
		'"instrument":"ORS","i1":"%s","i2":"%s","i3":"%s","i4":"%s","rater":"self"}',
		tid, ep, date(s), s + 1, v, v, v, v)
	return wrk.format(nil, "/api/v1/feedback/sessions", nil, body)
end

function done(summary, latency, requests)
	io.write(string.format("   statuses: %d requests, %d not 2xx\n", summary.requests, summary.errors.status))
end

--[[
  Record a handoff's posted staff page (once) and map the page's thread to the handoff; return the customer lines
  appended after the page's snapshot, which the caller then posts in the thread.

  Input:
    KEYS[1] record key       <base>:rec:<id>, hash
    KEYS[2] lines key        <base>:lines:<id>, list of JSON transcript lines
    KEYS[3] thread key       <base>:thread:<channel>:<ts>, the handoff id whose page is that message

    ARGV[1] pageChannel
    ARGV[2] pageTs
    ARGV[3] pagedAt          ms since epoch
    ARGV[4] lastSeqShown     the last transcript line the page shows
    ARGV[5] id               the handoff id (stored in the thread key)

  Output:
    array of JSON lines with seq > lastSeqShown, oldest first
    {}  also when the page was already recorded (nothing changed)
]]
if redis.call('HEXISTS', KEYS[1], 'pageTs') == 1 then return {} end
redis.call('HSET', KEYS[1], 'pageChannel', ARGV[1], 'pageTs', ARGV[2], 'pagedAt', ARGV[3])
redis.call('SET', KEYS[3], ARGV[5])
local later = {}
for _, raw in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  if cjson.decode(raw)['seq'] > tonumber(ARGV[4]) then table.insert(later, raw) end
end
return later

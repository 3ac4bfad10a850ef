--[[
  Open a handoff for a conversation, or find the one already open (asking twice never pages twice): creates the
  record and its transcript and puts it in the waiting, active and retention index queues, in one step.

  Input:
    KEYS[1] open key         <base>:open:<address>, id of the conversation's open handoff
    KEYS[2] record key       <base>:rec:<id>, hash
    KEYS[3] lines key        <base>:lines:<id>, list of JSON transcript lines
    KEYS[4] waiting key      zset id -> queued time
    KEYS[5] active key       zset id -> queued time
    KEYS[6] index key        zset id -> queued time (retention index; older than retention is trimmed)

    ARGV[1] id               the new handoff's id
    ARGV[2] queuedAt         ms since epoch
    ARGV[3] fields           JSON array [field, value, field, value, ...] of the record
    ARGV[4] lines            JSON array of JSON-encoded numbered transcript lines
    ARGV[5] retention        seconds records are kept in the index

  Output:
    {id, 1}   opened; id = ARGV[1]
    {id, 0}   a handoff was already open for the conversation; id is that one, nothing changed
]]
local existing = redis.call('GET', KEYS[1])
if existing then return {existing, 0} end
redis.call('SET', KEYS[1], ARGV[1])
local fields = cjson.decode(ARGV[3])
for i = 1, #fields, 2 do redis.call('HSET', KEYS[2], fields[i], fields[i + 1]) end
local lines = cjson.decode(ARGV[4])
for i = 1, #lines do redis.call('RPUSH', KEYS[3], lines[i]) end
redis.call('HSET', KEYS[2], 'lineCount', #lines, 'handoffLineCount', #lines)
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[5]) * 1000)
return {ARGV[1], 1}

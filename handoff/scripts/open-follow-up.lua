--[[
  Open a follow-up item outside any queue (issue 11): a message left for staff while the customer is with the bot,
  or a 1-2 star rating ("customer unhappy"). It is never in the waiting queue (nobody is waiting in the chat) and
  never the conversation's open handoff (the customer keeps talking to the bot); it is on the active list
  (/handoffs, the admin page) until staff resolve it, and in the retention index for metrics.

  Input:
    KEYS[1] record key       <base>:rec:<id>, hash
    KEYS[2] lines key        <base>:lines:<id>, list of JSON transcript lines
    KEYS[3] active key       zset id -> queued time
    KEYS[4] index key        zset id -> queued time

    ARGV[1] id               the new follow-up's id
    ARGV[2] queuedAt         ms since epoch
    ARGV[3] fields           JSON array [field, value, field, value, ...] of the record
    ARGV[4] lines            JSON array of JSON-encoded numbered transcript lines
    ARGV[5] retention        seconds records are kept in the index

  Output:
    1
]]
local fields = cjson.decode(ARGV[3])
for i = 1, #fields, 2 do redis.call('HSET', KEYS[1], fields[i], fields[i + 1]) end
local lines = cjson.decode(ARGV[4])
for i = 1, #lines do redis.call('RPUSH', KEYS[2], lines[i]) end
redis.call('HSET', KEYS[1], 'lineCount', #lines, 'handoffLineCount', #lines)
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[5]) * 1000)
return 1

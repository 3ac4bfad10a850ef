--[[
  The customer stops waiting for a person (issue 11): a waiting handoff is withdrawn (they went back to the bot)
  or becomes a follow-up item (they left a message for staff to answer later, in the same thread). Either way it
  leaves the waiting queue and the conversation no longer has an open handoff (asking for a person again opens a
  new one). A withdrawn handoff also leaves the active list and expires after the retention; a follow-up stays
  on the active list (/handoffs, the admin page) until staff resolve it.

  Input:
    KEYS[1] record key       <base>:rec:<id>, hash
    KEYS[2] waiting key      zset
    KEYS[3] active key       zset
    KEYS[4] open key         <base>:open:<address>
    KEYS[5] lines key        <base>:lines:<id>

    ARGV[1] id
    ARGV[2] outcome          'withdrawn' | 'follow_up'
    ARGV[3] at               ms since epoch
    ARGV[4] retention        seconds

  Output:
    {'done', previous status}   changed; previous is 'waiting'
    {status}                    not changed: the handoff is already claimed / finished, or 'missing'
]]
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'waiting' then return {status or 'missing'} end
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('GET', KEYS[4]) == ARGV[1] then redis.call('DEL', KEYS[4]) end
if ARGV[2] == 'withdrawn' then
  redis.call('HSET', KEYS[1], 'status', 'withdrawn', 'closedAt', ARGV[3], 'closedById', 'customer', 'closedByName', 'the customer (left the queue)')
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  redis.call('EXPIRE', KEYS[5], ARGV[4])
else
  redis.call('HSET', KEYS[1], 'status', 'follow_up', 'followUpAt', ARGV[3], 'followUpReason', 'left_message')
end
return {'done', status}

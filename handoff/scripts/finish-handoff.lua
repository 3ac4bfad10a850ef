--[[
  Finish a waiting or claimed handoff, or a follow-up item (resolved, or returned to the bot): take it off the queues, clear the
  conversation's open handoff, remember it as the conversation's last (for a rating), and let the record, its
  transcript and its thread mapping expire after the retention.

  Input:
    KEYS[1] record key       <base>:rec:<id>, hash
    KEYS[2] waiting key      zset
    KEYS[3] active key       zset
    KEYS[4] open key         <base>:open:<address>
    KEYS[5] last key         <base>:last:<address>
    KEYS[6] lines key        <base>:lines:<id>
    KEYS[7] thread key       <base>:thread:<channel>:<ts> of its page, or KEYS[1] again when it has no page

    ARGV[1] id
    ARGV[2] outcome          'resolved' | 'returned'
    ARGV[3] closedAt         ms since epoch
    ARGV[4] closedById
    ARGV[5] closedByName
    ARGV[6] retention        seconds

  Output:
    {'done', previous status}   finished; previous is 'waiting', 'claimed' or 'follow_up'
    {status}                    not finished: already 'resolved' / 'returned', or 'missing'; nothing changed
]]
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'waiting' and status ~= 'claimed' and status ~= 'follow_up' then return {status or 'missing'} end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'closedAt', ARGV[3], 'closedById', ARGV[4], 'closedByName', ARGV[5])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('GET', KEYS[4]) == ARGV[1] then redis.call('DEL', KEYS[4]) end
redis.call('SET', KEYS[5], ARGV[1], 'EX', ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[6], ARGV[6])
if KEYS[7] ~= KEYS[1] then redis.call('EXPIRE', KEYS[7], ARGV[6]) end
return {'done', status}

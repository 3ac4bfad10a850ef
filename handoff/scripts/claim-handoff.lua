--[[
  Claim a waiting handoff for one staff member: however many click at once, exactly one wins, and everyone else
  learns who did. Also records the time from page (or queueing) to claim, which feeds the expected wait.

  Input:
    KEYS[1] record key       <base>:rec:<id>, hash
    KEYS[2] waiting key      zset id -> queued time
    KEYS[3] claim-times key  list of recent page-to-claim durations in ms, newest first

    ARGV[1] id
    ARGV[2] agentId
    ARGV[3] agentName
    ARGV[4] claimedAt        ms since epoch
    ARGV[5] keep             how many claim times the list keeps

  Output:
    {'won', agentId, agentName}              this caller claimed it
    {status, agentId, agentName}             not waiting any more (claimed, resolved, returned): who holds it
    {'missing', '', ''}                      no such handoff
]]
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'missing', '', ''} end
if status ~= 'waiting' then
  return {status, redis.call('HGET', KEYS[1], 'agentId') or '', redis.call('HGET', KEYS[1], 'agentName') or ''}
end
redis.call('HSET', KEYS[1], 'status', 'claimed', 'agentId', ARGV[2], 'agentName', ARGV[3], 'claimedAt', ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[1])
local since = tonumber(redis.call('HGET', KEYS[1], 'pagedAt') or redis.call('HGET', KEYS[1], 'queuedAt'))
redis.call('LPUSH', KEYS[3], tonumber(ARGV[4]) - since)
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[5]) - 1)
return {'won', ARGV[2], ARGV[3]}

--[[
  Save a conversation's state fenced by its lock token: a turn whose lease ran out (and was perhaps taken by a
  newer turn) cannot overwrite the newer state. Optionally marks the message id processed and releases the lock
  in the same step (the end of a turn: one round trip).

  Input:
    KEYS[1] lock key              (<prefix>:lock:{<prefix>:conv:<address>})
    KEYS[2] state key             (<prefix>:conv:<address>)
    KEYS[3] seen key              (<prefix>:seen:{<prefix>:conv:<address>}:<message id>), ignored when ARGV[5] is 0

    ARGV[1] token                 the lock token this turn holds
    ARGV[2] state                 JSON
    ARGV[3] ttl seconds           of the state
    ARGV[4] dedupe seconds        of the seen key
    ARGV[5] mark                  1: mark the message id processed; 0: no message id
    ARGV[6] release               1: release the lock after saving; 0: keep it

  Output:
    1  saved (and marked, and released, as asked)
    0  the lock is no longer held with this token: nothing changed
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
if ARGV[5] == '1' then
  redis.call('SET', KEYS[3], '1', 'EX', ARGV[4])
end
if ARGV[6] == '1' then
  redis.call('DEL', KEYS[1])
end
return 1

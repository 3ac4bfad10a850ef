--[[
  Count one customer message in the conversation's current rate window (a fixed window): INCR, and on the
  window's first message PEXPIRE, in one step, so a crash between the two can never leave a counter that never
  expires.

  Input:
    KEYS[1] counter key           (<prefix>:rate:{<prefix>:conv:<address>})

    ARGV[1] window ms             how long the window lasts from its first message

  Output:
    the number of messages in the window so far, this one included
]]
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count

--[[
  Give a named lease up on a clean stop (compare-and-delete), so a standby replica takes over at once instead of
  waiting for the lease to expire. A holder whose lease already ran out must not delete another replica's.

  Input:
    KEYS[1] lease key             (<prefix>:lease:<what>)

    ARGV[1] token                 the value this holder set with SET NX PX

  Output:
    1  released
    0  not held by this token; nothing changed
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0

--[[
  Release a conversation's lease lock, only if this caller still holds it (compare-and-delete): a holder whose
  lease ran out must not delete the lock another process has taken since.

  Input:
    KEYS[1] lock key              (<prefix>:lock:<address>)

    ARGV[1] token                 the value this holder set with SET NX PX

  Output:
    1  released
    0  not held by this token (expired, or taken over); nothing changed
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0

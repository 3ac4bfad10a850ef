--[[
  Renew a conversation's lease lock while its turn still runs (compare-and-extend): only the holder's token
  extends it, so a turn that already lost the lock never takes it back.

  Input:
    KEYS[1] lock key              (<prefix>:lock:{<prefix>:conv:<address>})

    ARGV[1] token                 the value this holder set
    ARGV[2] lease ms              the new remaining lease (PX)

  Output:
    1  extended
    0  not held by this token: nothing changed
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0

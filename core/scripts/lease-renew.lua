--[[
  Renew a named lease (one Telegram poller / one Discord gateway consumer per bot across replicas), only if this
  caller still holds it. Taking a free lease is a plain SET NX PX; this is the holder's renewal.

  Input:
    KEYS[1] lease key             (<prefix>:lease:<what>)

    ARGV[1] token                 the value this holder set with SET NX PX
    ARGV[2] ttl                   new time to live, in milliseconds

  Output:
    1  renewed
    0  not held by this token (expired, or taken over by another replica); nothing changed
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0

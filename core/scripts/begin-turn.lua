--[[
  Begin one message's turn in one round trip: "seen this message id?", take the conversation's lease lock, and
  load its state.

  Input:
    KEYS[1] lock key              (<prefix>:lock:{<prefix>:conv:<address>})
    KEYS[2] state key             (<prefix>:conv:<address>)
    KEYS[3] seen key              (<prefix>:seen:{<prefix>:conv:<address>}:<message id>)

    ARGV[1] token                 this turn's lock token
    ARGV[2] lease ms              the lock's lease (PX)

  Output:
    {2}            the message id was already processed: nothing taken, nothing loaded
    {0, pttl}      the lock is held by another turn (pttl: its remaining lease in ms); nothing taken
    {1, state}     the lock is now held with ARGV[1]; state is the stored JSON, or false when none
]]
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {2}
end
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  return {0, redis.call('PTTL', KEYS[1])}
end
return {1, redis.call('GET', KEYS[2])}

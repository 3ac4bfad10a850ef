--[[
  Store a customer's rating on their last finished handoff, once, if it was resolved. The caller reads the last
  key first to name the record in KEYS (a script touches only keys it is given); if another handoff finished in
  between, the script says so and the caller reads again.

  Input:
    KEYS[1] last key         <base>:last:<address>, id of the conversation's last finished handoff
    KEYS[2] record key       <base>:rec:<id> of the id the caller read from KEYS[1]

    ARGV[1] rating           1..5
    ARGV[2] id               the id the caller read from KEYS[1]

  Output:
    1   stored
    0   not stored: no last handoff, it was not resolved, or it already has a rating
    -1  KEYS[1] no longer holds ARGV[2]; nothing changed, read again
]]
local id = redis.call('GET', KEYS[1])
if not id then return 0 end
if id ~= ARGV[2] then return -1 end
if redis.call('HGET', KEYS[2], 'status') ~= 'resolved' then return 0 end
return redis.call('HSETNX', KEYS[2], 'rating', ARGV[1])

--[[
  One step of a conversation's metrics outcome, atomically across replicas: decides whether this turn starts a
  new conversation (none under way, or the last one ended) and whether it ends it with an outcome. The caller then
  counts the returned start and outcome on the returned day (the day the conversation started), a key it could not
  name before this step.

  Input:
    KEYS[1] conversation key   <prefix>:metrics:conv:<address>, "<start day>|<state>" (state: open, answered, ended)

    ARGV[1] step               'turn' | 'answer' | 'thanks' | 'handoff'
    ARGV[2] today              YYYY-MM-DD
    ARGV[3] gap                seconds of silence after which the next turn starts a new conversation

  Output:
    {day, started, outcome}
      day       the conversation's start day (YYYY-MM-DD); the figures below are counted on it
      started   1 if this step started a new conversation, else 0
      outcome   'confirmed' (thanks after an answer), 'handed_off', or '' (none)
    A thanks after an ended conversation only extends it: {day, 0, ''}.
]]
local current = redis.call('GET', KEYS[1])
local step, day, state = ARGV[1], nil, nil
if current then
  local sep = string.find(current, '|', 1, true)
  day = string.sub(current, 1, sep - 1)
  state = string.sub(current, sep + 1)
end
if state == 'ended' and step == 'thanks' then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return {day, 0, ''}
end
local started = 0
if (not state) or state == 'ended' then
  day, state, started = ARGV[2], 'open', 1
end
local outcome = ''
if step == 'answer' then
  state = 'answered'
elseif step == 'thanks' and state == 'answered' then
  state, outcome = 'ended', 'confirmed'
elseif step == 'handoff' then
  state, outcome = 'ended', 'handed_off'
end
redis.call('SET', KEYS[1], day .. '|' .. state, 'EX', ARGV[3])
return {day, started, outcome}

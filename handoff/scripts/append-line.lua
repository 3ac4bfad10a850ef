--[[
  Append a customer line to a handoff's transcript and, in the same step, read where its page is: a line is either
  in the page's snapshot or posted in its thread, never both and never neither (see set-page.lua).

  Input:
    KEYS[1] record key       <base>:rec:<id>, hash
    KEYS[2] lines key        <base>:lines:<id>, list of JSON transcript lines

    ARGV[1] line             JSON transcript line (without seq; the script numbers it)
    ARGV[2] maxLines         how many lines the list keeps (oldest trimmed)

  Output:
    {'missing', '', '', 0}                       no such handoff; nothing changed
    {status, pageChannel, pageTs, seq}           appended as line number seq; page fields '' until posted
    {status, '', '', seq, 1}                     already stored (same from, at and text among the last 50 lines: a
                                                 rerun of the same turn); nothing changed, nothing to post again
]]
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'missing', '', '', 0} end
local line = cjson.decode(ARGV[1])
-- Append once: a turn rerun after a failure (the core retries a message) relays the same line again.
local recent = redis.call('LRANGE', KEYS[2], -50, -1)
for i = #recent, 1, -1 do
  local seen = cjson.decode(recent[i])
  if seen['from'] == line['from'] and seen['at'] == line['at'] and seen['text'] == line['text'] then
    return {status, '', '', seen['seq'] or 0, 1}
  end
end
local seq = redis.call('HINCRBY', KEYS[1], 'lineCount', 1)
line['seq'] = seq
redis.call('RPUSH', KEYS[2], cjson.encode(line))
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
return {status, redis.call('HGET', KEYS[1], 'pageChannel') or '', redis.call('HGET', KEYS[1], 'pageTs') or '', seq}

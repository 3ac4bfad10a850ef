--[[
  Write a new version of the knowledge base, only if the current one is still the version the writer read
  (optimistic versioning: two replicas teaching at once never lose one of the two; the loser reads again and
  retries). The current version and the history of the last N versions (rollback) change together.

  Input:
    KEYS[1] current key   <prefix>:kb:{<prefix>:kb}:current, hash: revision, text, format, by, at, source
    KEYS[2] history key   <prefix>:kb:{<prefix>:kb}:history, list of JSON versions, newest first

    ARGV[1] expected      the revision the writer read (0: there is no knowledge base in Redis yet)
    ARGV[2] text          the whole knowledge base, as the admin writes it (YAML or JSON)
    ARGV[3] format        'yaml' | 'json'
    ARGV[4] by            who wrote it (admin, slack:U123, file import…)
    ARGV[5] at            ISO time of the write
    ARGV[6] keep          how many versions the history keeps
    ARGV[7] floor         the revision the writer serves: the new one is above it even if Redis lost its data
    ARGV[8] source        an import: the KB file's name, kept in the current hash until the next import;
                          '' for other writes (a teach, an edit), which leave it as it is

  Output:
    {1, revision}   written: the new revision (expected + 1, or floor + 1 when that is higher)
    {0, revision}   refused: the current revision is not the expected one (nothing written)
]]
local current = tonumber(redis.call('HGET', KEYS[1], 'revision') or '0')
if current ~= tonumber(ARGV[1]) then
  return {0, current}
end
local revision = math.max(current, tonumber(ARGV[7])) + 1
redis.call('HSET', KEYS[1], 'revision', revision, 'text', ARGV[2], 'format', ARGV[3], 'by', ARGV[4], 'at', ARGV[5])
if ARGV[8] ~= '' then
  redis.call('HSET', KEYS[1], 'source', ARGV[8])
end
redis.call('LPUSH', KEYS[2], cjson.encode({revision = revision, text = ARGV[2], format = ARGV[3], by = ARGV[4], at = ARGV[5]}))
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[6]) - 1)
return {1, revision}

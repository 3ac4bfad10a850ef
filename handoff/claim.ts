/**
 * Claiming a waiting conversation: one Lua script, so when fifty people click "Claim" at once exactly one wins
 * and everyone else learns who did. The script also records the time from page to claim, which feeds the
 * expected wait customers are told.
 */
import type Redis from 'ioredis';
import type { HandoffKeys } from './records';
import type { StaffMember } from './desk';

const CLAIM_SCRIPT = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'missing', '', ''} end
if status ~= 'waiting' then
  return {status, redis.call('HGET', KEYS[1], 'agentId') or '', redis.call('HGET', KEYS[1], 'agentName') or ''}
end
redis.call('HSET', KEYS[1], 'status', 'claimed', 'agentId', ARGV[2], 'agentName', ARGV[3], 'claimedAt', ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[1])
local since = tonumber(redis.call('HGET', KEYS[1], 'pagedAt') or redis.call('HGET', KEYS[1], 'queuedAt'))
redis.call('LPUSH', KEYS[3], tonumber(ARGV[4]) - since)
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[5]) - 1)
return {'won', ARGV[2], ARGV[3]}
`;

export type ClaimOutcome =
  | { won: true }
  | { won: false; status: 'claimed' | 'resolved' | 'returned' | 'missing'; by?: StaffMember };

/** How many recent times-to-claim the expected wait is computed from. */
export const RECENT_CLAIMS_KEPT = 20;

export async function claimAtomically(redis: Redis, keys: HandoffKeys, handoffId: string, agent: StaffMember, now = Date.now()): Promise<ClaimOutcome> {
  const [status, agentId, agentName] = (await redis.eval(
    CLAIM_SCRIPT,
    3,
    keys.record(handoffId),
    keys.waiting,
    keys.claimTimes,
    handoffId,
    agent.id,
    agent.name,
    String(now),
    String(RECENT_CLAIMS_KEPT),
  )) as [string, string, string];
  if (status === 'won') return { won: true };
  return {
    won: false,
    status: status as 'claimed' | 'resolved' | 'returned' | 'missing',
    by: agentId ? { id: agentId, name: agentName } : undefined,
  };
}

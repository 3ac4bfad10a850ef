/**
 * Claiming a waiting conversation: one Lua script (scripts/claim-handoff.lua), so when fifty people click "Claim"
 * at once exactly one wins and everyone else learns who did. The script also records the time from page to claim,
 * which feeds the expected wait customers are told. Its keys share the handoff desk's hash tag (records.ts).
 */
import type Redis from 'ioredis';
import { defineScripts, script } from '../core/redis-scripts';
import { HANDOFF_SCRIPTS_DIR, type HandoffKeys } from './records';
import type { StaffMember } from './desk';

const SCRIPTS = {
  claim: script<[string, string, string]>()('claim-handoff.lua', ['record', 'waiting', 'claimTimes'], ['id', 'agentId', 'agentName', 'claimedAt', 'keep']),
};

export type ClaimOutcome =
  | { won: true }
  | { won: false; status: 'claimed' | 'resolved' | 'returned' | 'missing'; by?: StaffMember };

/** How many recent times-to-claim the expected wait is computed from. */
export const RECENT_CLAIMS_KEPT = 20;

export async function claimAtomically(redis: Redis, keys: HandoffKeys, handoffId: string, agent: StaffMember, now = Date.now()): Promise<ClaimOutcome> {
  const { claim } = defineScripts(redis, 'handoff', HANDOFF_SCRIPTS_DIR, SCRIPTS);
  const [status, agentId, agentName] = await claim(
    { record: keys.record(handoffId), waiting: keys.waiting, claimTimes: keys.claimTimes },
    { id: handoffId, agentId: agent.id, agentName: agent.name, claimedAt: now, keep: RECENT_CLAIMS_KEPT },
  );
  if (status === 'won') return { won: true };
  return {
    won: false,
    status: status as 'claimed' | 'resolved' | 'returned' | 'missing',
    by: agentId ? { id: agentId, name: agentName } : undefined,
  };
}

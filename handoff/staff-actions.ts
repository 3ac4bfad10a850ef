/**
 * What staff can do with a handoff, whichever desk they use (Slack buttons and commands, or the local console):
 * claim, reply, resolve, return to the bot, list. Each step changes the record atomically first, then tells the
 * customer through the core, then updates the page.
 */
import type { Logger } from '../core/log';
import { claimAtomically, type ClaimOutcome } from './claim';
import type { HandoffCore, PageRef, StaffDesk, StaffMember } from './desk';
import type { HandoffRecord, HandoffRecords } from './records';
import type { Redactor } from '../core/redact';
import type { AuditLog } from './audit';
import { CONVERSATION_GONE_NOTICE, isInternalNote, pageViewOf } from './relay';
import type { AgentReplyQueue } from './agent-reply-queue';

export type ReplyOutcome = 'relayed' | 'internal_note' | 'not_claimed' | 'closed' | 'unknown_handoff';
export type FinishOutcome = { done: true; askedForRating: boolean } | { done: false; status: string; by?: StaffMember };

export interface StaffActionsOptions {
  records: HandoffRecords;
  desk: StaffDesk;
  core: HandoffCore;
  redactor: Redactor;
  logger: Logger;
  /** Transcript lines an updated page shows. Default 8. */
  transcriptLines?: number;
  /** Staff replies as durable jobs, retried until the customer's platform accepts (else sent directly). */
  replies?: AgentReplyQueue;
  /** Where every staff action is recorded (who, what, when). */
  audit?: AuditLog;
}

export class StaffActions {
  /** Pages whose records are gone (found through the desk), so a reply there is answered in the thread. */
  private readonly lostPages = new Map<string, PageRef>();

  constructor(private readonly options: StaffActionsOptions) {}

  get records(): HandoffRecords {
    return this.options.records;
  }

  async claim(handoffId: string, agent: StaffMember): Promise<ClaimOutcome> {
    const { records, core, logger } = this.options;
    const outcome = await claimAtomically(records.redis, records.keys, handoffId, agent);
    await this.audit(agent, 'claim', handoffId, outcome.won ? 'done' : outcome.status);
    if (!outcome.won) return outcome;
    const record = (await records.get(handoffId))!;
    logger.info('handoff.claimed', { id: handoffId, agent: agent.name, address: record.address });
    await core.markClaimed(record.address, agent.name);
    await this.refreshPage(record);
    return outcome;
  }

  /** A staff message for the customer; `note: …` stays among staff. */
  async reply(handoffId: string, agent: StaffMember, text: string): Promise<ReplyOutcome> {
    const outcome = await this.relay(handoffId, agent, text);
    await this.audit(agent, outcome === 'internal_note' ? 'note' : 'reply', handoffId, outcome === 'relayed' || outcome === 'internal_note' ? 'done' : outcome);
    return outcome;
  }

  private async relay(handoffId: string, agent: StaffMember, text: string): Promise<ReplyOutcome> {
    if (isInternalNote(text)) return 'internal_note';
    const record = await this.options.records.get(handoffId);
    if (!record) {
      const page = this.lostPages.get(handoffId);
      if (page) {
        this.lostPages.delete(handoffId);
        this.options.logger.warn('handoff.reply_to_lost_conversation', { id: handoffId, agent: agent.name });
        await this.options.desk.postNotice?.(page, CONVERSATION_GONE_NOTICE);
      }
      return 'unknown_handoff';
    }
    if (record.status === 'waiting') return 'not_claimed';
    // A follow-up is answered later in its thread, without claiming: the customer gets it in their app.
    if (record.status !== 'claimed' && record.status !== 'follow_up') return 'closed';
    const { replies } = this.options;
    if (replies) await replies.enqueue({ handoffId, address: record.address, agentName: agent.name, text, page: record.page });
    else await this.options.core.relayAgentMessage(record.address, agent.name, text);
    await this.options.records.countAgentReply(record.id);
    return 'relayed';
  }

  /**
   * Back to the bot. A customer who talked with a person is asked for a rating; one who did not is not.
   * A claimed conversation is finished only by whoever claimed it, unless `force` (an explicit, audited override).
   */
  async finish(handoffId: string, how: 'resolved' | 'returned', by: StaffMember, options: { force?: boolean; confirm?: boolean } = {}): Promise<FinishOutcome> {
    const { records, core, logger } = this.options;
    const action = how === 'resolved' ? 'resolve' : 'return';
    const record = await records.get(handoffId);
    if (!record) {
      await this.audit(by, action, handoffId, 'missing');
      return { done: false, status: 'missing' };
    }
    const someoneElses = record.status === 'claimed' && record.agent !== undefined && record.agent.id !== by.id;
    if (someoneElses && !options.force) {
      await this.audit(by, action, handoffId, 'refused', `claimed by ${record.agent!.id}`);
      return { done: false, status: 'claimed_by_other', by: record.agent };
    }
    if (how === 'resolved' && record.status === 'claimed' && record.agentReplies === 0 && !options.confirm) {
      // Nobody wrote to the customer: resolving would ask them to rate help they never got. Staff confirm first.
      return { done: false, status: 'needs_confirmation' };
    }
    const result = await records.finish(record, how, by);
    await this.audit(by, someoneElses ? `${action}_forced` : action, handoffId, result.done ? 'done' : result.status, someoneElses ? `claimed by ${record.agent!.id}` : undefined);
    if (!result.done) return result;
    const askForRating = result.previous === 'claimed';
    logger.info(`handoff.${how}`, { id: handoffId, by: by.name, address: record.address, askForRating });
    // A follow-up's customer is already with the bot: nothing to hand back.
    if (result.previous !== 'follow_up') await core.handBack(record.address, { askForRating });
    await this.refreshPage((await records.get(handoffId)) ?? record);
    return { done: true, askedForRating: askForRating };
  }

  async handoffForThread(page: PageRef): Promise<string | undefined> {
    const id = await this.options.records.idForThread(page);
    if (id) return id;
    // Redis lost the mapping (data loss): the desk may still know the thread is a page.
    const lost = await this.options.desk.pageHandoffId?.(page).catch(() => undefined);
    if (lost) this.lostPages.set(lost, page);
    return lost;
  }

  /** Handoffs this person has claimed and not finished (for `/resolve` outside a thread). */
  async claimedBy(agentId: string): Promise<HandoffRecord[]> {
    return (await this.options.records.listActive()).filter((r) => r.status === 'claimed' && r.agent?.id === agentId);
  }

  /** Open handoffs, oldest first, with customer names redacted like everything else staff see. */
  async openQueue(): Promise<HandoffRecord[]> {
    const records = await this.options.records.listActive();
    return records.map((r) => ({ ...r, customer: { ...r.customer, displayName: this.options.redactor(r.customer.displayName) } }));
  }

  /** Record a staff action (or a refused attempt) in the audit trail. */
  async audit(who: StaffMember, action: string, handoffId: string | undefined, outcome: string, detail?: string): Promise<void> {
    await this.options.audit?.record({ who: { id: who.id, name: who.name }, action, handoffId, outcome, detail });
  }

  private async refreshPage(record: HandoffRecord): Promise<void> {
    if (!record.page) return;
    const lines = await this.options.records.lines(record.id, this.options.transcriptLines ?? 8);
    try {
      await this.options.desk.updatePage(record.page, pageViewOf(record, lines, this.options.redactor));
    } catch (error) {
      // The customer has already been told; a stale page is cosmetic and must not undo that.
      this.options.logger.warn('handoff.page_update_failed', { id: record.id, error });
    }
  }
}

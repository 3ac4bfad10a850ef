/**
 * The two seams of the handoff: `StaffDesk` is where staff see pages (Slack, or the local console), and
 * `HandoffCore` is how staff actions reach the customer (SupportCore implements it). Both are small so tests
 * and other staff tools can implement them.
 */
import type { ConversationAddress, HandoffReason, TranscriptLine } from '../core/types';

/** Where a page lives on the desk: Slack's channel and message ts; the console uses its own ids. */
export interface PageRef {
  channel: string;
  ts: string;
}

/**
 * `withdrawn`: the customer left the queue and is back with the bot. `follow_up`: a message left for staff to
 * answer later in the page's thread (after hours, nobody free, or a 1–2★ rating), listed until resolved.
 */
export type HandoffStatus = 'waiting' | 'claimed' | 'resolved' | 'returned' | 'withdrawn' | 'follow_up';

/** What a page shows. Text fields are already redacted when redaction is on. */
export interface PageView {
  handoffId: string;
  customerName: string;
  platform: string;
  reason: HandoffReason;
  detail?: string;
  queuedAt: Date;
  transcript: TranscriptLine[];
  status: HandoffStatus;
  agent?: { id: string; name: string };
  /** Who resolved or returned it. */
  closedBy?: { id: string; name: string };
  /** The language the customer writes in (e.g. `es`): the page says "Writes in Spanish". */
  customerLanguage?: string;
  /** For a follow-up: why staff should get back to the customer. */
  followUp?: { reason: 'left_message' | 'unhappy_rating'; stars?: number };
}

/** Reminders for a page nobody claimed: a re-page, then a louder escalation. */
export type ReminderLevel = 'repage' | 'escalate';

export interface StaffDesk {
  postPage(page: PageView): Promise<PageRef>;
  /**
   * Find something posted for this handoff before a crash (the worker died after posting, before recording it),
   * so a restarted worker adopts it instead of posting twice. `since`: when the post was about to be made;
   * `thread` is set for reminders.
   */
  findPosted(handoffId: string, kind: 'page' | ReminderLevel, since: Date, thread?: PageRef): Promise<PageRef | undefined>;
  postReminder(page: PageRef, view: PageView, level: ReminderLevel): Promise<PageRef>;
  updatePage(page: PageRef, view: PageView): Promise<void>;
  /** A customer line, shown in the page's thread. */
  postCustomerLine(page: PageRef, line: TranscriptLine): Promise<void>;
  /** A line for staff only in the page's thread, e.g. "⚠️ not delivered to the customer: …". */
  postNotice?(page: PageRef, text: string): Promise<void>;
  /**
   * Which handoff a desk message is the page of, read from the desk itself (Slack: the page's message metadata),
   * for a thread whose mapping Redis lost: staff replying there are told the conversation no longer exists.
   */
  pageHandoffId?(page: PageRef): Promise<string | undefined>;
}

/** The core's staff-driven transitions; `SupportCore` satisfies this as is. */
export interface HandoffCore {
  markClaimed(address: ConversationAddress, agentName: string): Promise<void>;
  relayAgentMessage(address: ConversationAddress, agentName: string, text: string): Promise<void>;
  handBack(address: ConversationAddress, options: { askForRating: boolean }): Promise<void>;
  /** Nobody claimed in time: tell the waiting customer honestly and offer to leave a message. */
  tellNobodyFree?(address: ConversationAddress): Promise<void>;
}

export interface StaffMember {
  /** Slack user id (U…) or console name. */
  id: string;
  /** Full name: the customer sees the first name. */
  name: string;
}

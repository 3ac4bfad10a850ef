/**
 * A staff desk in the terminal, for trying the whole loop without Slack: pages print here, and `/staff …`
 * commands claim, reply, resolve or return, through the same queue, worker and `StaffActions` as Slack.
 * The terminal chat (adapters/terminal) passes it every line starting with `/staff`.
 *
 *   /staff list                 open handoffs
 *   /staff claim [id]           claim (default: the oldest waiting)
 *   /staff reply <text>         to the customer of your claimed conversation (`note: …` stays here)
 *   /staff resolve [id]         back to the bot, customer asked for a rating
 *   /staff return [id]          back to the bot
 */
import type { Writable } from 'node:stream';
import { formatDuration as formatDurationIn } from '../core/i18n/format';
/** Staff read English. */
const formatDuration = (seconds: number) => formatDurationIn('en', seconds);
import type { TranscriptLine } from '../core/types';
import type { PageRef, PageView, ReminderLevel, StaffDesk, StaffMember } from './desk';
import { REASON_LABELS, describeLine } from './relay';
import type { StaffActions } from './staff-actions';

export const CONSOLE_CHANNEL = 'console';

export class StaffConsole implements StaffDesk {
  private actions?: StaffActions;
  private readonly agent: StaffMember;

  constructor(
    private readonly output: Writable,
    agentName = 'Sam Staff',
  ) {
    this.agent = { id: `console:${agentName}`, name: agentName };
  }

  /** Staff actions need the desk and the desk needs the actions: connected once both exist. */
  attach(actions: StaffActions): void {
    this.actions = actions;
  }

  async postPage(page: PageView): Promise<PageRef> {
    this.write(`[staff] ${page.customerName} on ${page.platform} needs a person (${REASON_LABELS[page.reason] ?? page.reason}).`);
    for (const line of page.transcript) this.write(`[staff]   ${describeLine(line)}`);
    this.write(`[staff] Type "/staff claim ${page.handoffId}" to take it.`);
    return { channel: CONSOLE_CHANNEL, ts: page.handoffId };
  }

  /** Nothing survives a console restart, so there is never an earlier post to adopt. */
  async findPosted(): Promise<PageRef | undefined> {
    return undefined;
  }

  async postReminder(page: PageRef, view: PageView, level: ReminderLevel): Promise<PageRef> {
    const waited = formatDuration((Date.now() - view.queuedAt.getTime()) / 1000);
    this.write(`[staff] ${level === 'repage' ? 'Reminder' : 'ESCALATION'}: ${view.customerName} has been waiting ${waited}.`);
    return { channel: CONSOLE_CHANNEL, ts: `${page.ts}:${level}` };
  }

  async updatePage(_page: PageRef, view: PageView): Promise<void> {
    const state = view.status === 'claimed' ? `claimed by ${view.agent?.name}` : view.status === 'waiting' ? 'waiting' : view.status;
    this.write(`[staff] ${view.customerName}: ${state}.`);
  }

  async postCustomerLine(_page: PageRef, line: TranscriptLine): Promise<void> {
    this.write(`[staff] ${describeLine(line)}`);
  }

  /** For the terminal adapter's `onCommand`: true when the line was a staff command. */
  readonly handleCommand = async (line: string): Promise<boolean> => {
    const match = /^\/staff(?:\s+(\w+))?(?:\s+([\s\S]*))?$/.exec(line.trim());
    if (!match) return false;
    if (!this.actions) throw new Error('StaffConsole used before attach(actions): start the handoff with startHandoff().');
    const [, verb = 'help', rest = ''] = match;
    const argument = rest.trim();
    switch (verb) {
      case 'list': {
        const open = await this.actions.openQueue();
        if (open.length === 0) this.write('[staff] Nobody is waiting for a person.');
        for (const r of open) {
          const state = r.status === 'claimed' ? `with ${r.agent?.name}` : `waiting ${formatDuration((Date.now() - r.queuedAt.getTime()) / 1000)}`;
          this.write(`[staff] ${r.id}  ${r.customer.displayName} (${r.platform}, ${REASON_LABELS[r.reason] ?? r.reason}): ${state}`);
        }
        return true;
      }
      case 'claim': {
        const id = argument || (await this.actions.openQueue()).find((r) => r.status === 'waiting')?.id;
        if (!id) return this.say('Nobody is waiting.');
        const outcome = await this.actions.claim(id, this.agent);
        return this.say(outcome.won ? `You have ${id}. Reply with "/staff reply <text>".` : `Not yours: ${outcome.status}${outcome.by ? ` by ${outcome.by.name}` : ''}.`);
      }
      case 'reply': {
        const id = (await this.actions.claimedBy(this.agent.id))[0]?.id;
        if (!id) return this.say('Claim a conversation first: "/staff claim".');
        if (!argument) return this.say('Usage: /staff reply <text>');
        const outcome = await this.actions.reply(id, this.agent, argument);
        if (outcome === 'internal_note') return this.say('Note kept among staff.');
        return outcome === 'relayed' ? true : this.say(`Not sent: ${outcome.replace('_', ' ')}.`);
      }
      case 'resolve':
      case 'return': {
        const id = argument || (await this.actions.claimedBy(this.agent.id))[0]?.id || (verb === 'return' ? (await this.actions.openQueue())[0]?.id : undefined);
        if (!id) return this.say(`Nothing to ${verb}.`);
        const result = await this.actions.finish(id, verb === 'resolve' ? 'resolved' : 'returned', this.agent);
        return this.say(result.done ? `Done: ${id} is back with the bot.` : `Nothing to do: ${id} is ${result.status}.`);
      }
      default:
        return this.say('Staff commands: /staff list | claim [id] | reply <text> | resolve [id] | return [id]');
    }
  };

  private say(text: string): true {
    this.write(`[staff] ${text}`);
    return true;
  }

  private write(line: string): void {
    this.output.write(line + '\n');
  }
}

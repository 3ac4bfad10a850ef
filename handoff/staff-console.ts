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
import { customerLanguageLine, customerLeftQueueLine, reasonLabel } from '../core/i18n/staff';
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
    const language = page.customerLanguage ? ` ${customerLanguageLine(page.customerLanguage)}.` : '';
    if (page.followUp) this.write(`[staff] Follow-up: ${page.customerName} on ${page.platform} ${reasonLabel(page.followUp.reason, { stars: page.followUp.stars })}.${language}`);
    else this.write(`[staff] ${page.customerName} on ${page.platform} needs a person (${REASON_LABELS[page.reason] ?? page.reason}).${language}`);
    for (const line of page.transcript) this.write(`[staff]   ${describeLine(line)}`);
    this.write(page.followUp ? `[staff] Answer with "/staff reply ${page.handoffId} <text>"; the customer gets it in their app.` : `[staff] Type "/staff claim ${page.handoffId}" to take it.`);
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
    if (view.status === 'withdrawn') return this.write(`[staff] Customer left the queue: ${customerLeftQueueLine(view.customerName)}`);
    const state = view.status === 'claimed' ? `claimed by ${view.agent?.name}` : view.status === 'follow_up' ? `follow-up (answer with "/staff reply ${view.handoffId} <text>")` : view.status;
    this.write(`[staff] ${view.customerName}: ${state}.`);
  }

  async postCustomerLine(_page: PageRef, line: TranscriptLine): Promise<void> {
    this.write(`[staff] ${describeLine(line)}`);
  }

  /** Staff-only lines, as Slack staff see them in the page's thread: "⚠️ not delivered to the customer: <reason>". */
  async postNotice(page: PageRef, text: string): Promise<void> {
    this.write(`[staff] ${page.ts}: ${text}`);
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
          const state = r.status === 'claimed' ? `with ${r.agent?.name}` : r.status === 'follow_up' ? 'follow-up: answer with "/staff reply <id> <text>"' : `waiting ${formatDuration((Date.now() - r.queuedAt.getTime()) / 1000)}`;
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
      case 'note':
      case 'reply': {
        // "/staff reply <follow-up id> <text>" answers a follow-up; otherwise the conversation you claimed.
        const [first = '', ...words] = argument.split(/\s+/);
        const followUp = (await this.actions.openQueue()).find((r) => r.status === 'follow_up' && r.id === first);
        const id = followUp?.id ?? (await this.actions.claimedBy(this.agent.id))[0]?.id;
        const text = followUp ? words.join(' ') : argument;
        if (!id) return this.say('Claim a conversation first: "/staff claim" (or answer a follow-up: "/staff reply <id> <text>").');
        if (!text) return this.say(`Usage: /staff ${verb} <text>`);
        const outcome = await this.actions.reply(id, this.agent, verb === 'note' ? `note: ${text}` : text);
        if (outcome === 'internal_note') return this.say('Note kept among staff.');
        return outcome === 'relayed' ? true : this.say(`Not sent: ${outcome.replace('_', ' ')}.`);
      }
      case 'resolve':
      case 'return': {
        const confirm = /(^|\s)--confirm\b/.test(argument);
        const named = argument.replace(/(^|\s)--confirm\b/, '').trim();
        const id = named || (await this.actions.claimedBy(this.agent.id))[0]?.id || (verb === 'return' ? (await this.actions.openQueue())[0]?.id : undefined);
        if (!id) return this.say(`Nothing to ${verb}.`);
        const result = await this.actions.finish(id, verb === 'resolve' ? 'resolved' : 'returned', this.agent, { confirm });
        if (!result.done && result.status === 'needs_confirmation') {
          return this.say(`No reply was sent to the customer. Resolve anyway? They will be asked to rate the help: "/staff resolve ${id} --confirm".`);
        }
        return this.say(result.done ? `Done: ${id} is back with the bot.` : `Nothing to do: ${id} is ${result.status}.`);
      }
      default:
        return this.say('Staff commands: /staff list | claim [id] | reply [follow-up id] <text> | note <text> | resolve [id] [--confirm] | return [id]');
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

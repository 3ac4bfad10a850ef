/**
 * Learning from staff in Slack: the "Teach the bot" button on a resolved page opens a modal with the customer's
 * question and a picker of knowledge-base entries; submitting it adds the wording to that entry, so the bot
 * answers it next time.
 *
 * Before saving, the knowledge side checks which questions the new example would answer differently: on a conflict
 * the modal is updated with those questions and a "Teach anyway" checkbox (the same check the admin page and API use).
 *
 * Only the Slack side lives here (the button's action, the modal, its answer). What it needs from the knowledge
 * base is the small `TeachingService` port below; admin/learn.ts implements it and bin wires the two together.
 */
import type { App } from '@slack/bolt';
import type { Logger } from '../../core/log';
import { ACTION_TEACH } from './staff';

/** A question the new example would answer differently (admin/kb-preview.ts's AnswerChange, by shape). */
export interface TeachingChange {
  question: string;
  before: string;
  after: string;
  taught?: boolean;
}

/** What the Slack teaching UI needs from the knowledge-base side. */
export interface TeachingService {
  /** The question a resolved handoff's customer most likely asked, to prefill the modal. */
  suggestedQuestion(handoffId: string): Promise<string | undefined>;
  /** The entry the bot would most likely pick for `question`: the picker preselects it. */
  bestGuess?(question: string): string | undefined;
  /** Entries staff may attach a question to, in KB order. */
  entries(): { id: string; question: string }[];
  /**
   * Attach `question` to entry `entryId`; refused with the problems' messages when it cannot, and with `conflicts`
   * when it would change how existing questions are answered (then `confirm: true` teaches anyway).
   */
  learn(request: { handoffId: string; entryId: string; question: string; by: string; confirm?: boolean }): Promise<{ ok: true } | { ok: false; problems: { message: string }[]; conflicts?: TeachingChange[] }>;
}

export const TEACH_VIEW = 'teach_bot';
/** Slack's static_select holds at most 100 options. */
const MAX_OPTIONS = 100;
/** Answer Slack's view submission well inside its 3 s limit. */
const ACK_DEADLINE_MS = 2_000;
/** Conflicts listed in the modal (a section holds at most 3,000 characters). */
const MAX_LISTED = 8;

export interface SlackTeachingOptions {
  app: App;
  teaching: TeachingService;
  logger: Logger;
  /** How long a submission may wait for the outcome before the modal closes and it follows as a DM. Default 2 s. */
  ackDeadlineMs?: number;
}

type Entry = { id: string; question: string };

/**
 * The modal: the customer's question (editable) and the entry picker. With `conflicts` (a submission that would
 * change how existing questions are answered), also what would change and a "Teach anyway" checkbox.
 */
function teachView(handoffId: string, question: string, entries: Entry[], selected: Entry | undefined, conflicts?: TeachingChange[]) {
  const option = (e: Entry) => ({ text: { type: 'plain_text' as const, text: e.question.slice(0, 75) }, value: e.id });
  const listed = (conflicts ?? []).slice(0, MAX_LISTED).map((c) => `• "${c.question.slice(0, 150)}"${c.taught ? ' (the question taught)' : ''}: was ${c.before}; now ${c.after}`);
  const more = (conflicts?.length ?? 0) > MAX_LISTED ? [`…and ${conflicts!.length - MAX_LISTED} more`] : [];
  return {
    type: 'modal' as const,
    callback_id: TEACH_VIEW,
    private_metadata: handoffId,
    title: { type: 'plain_text' as const, text: 'Teach the bot' },
    submit: { type: 'plain_text' as const, text: conflicts ? 'Teach anyway' : 'Teach' },
    blocks: [
      {
        type: 'input',
        block_id: 'question',
        label: { type: 'plain_text', text: 'The customer asked' },
        element: { type: 'plain_text_input', action_id: 'value', initial_value: question.slice(0, 3000), multiline: true },
      },
      {
        type: 'input',
        block_id: 'entry',
        label: { type: 'plain_text', text: 'The entry that answers it' },
        element: { type: 'static_select', action_id: 'value', options: entries.map(option), ...(selected ? { initial_option: option(selected) } : {}) },
      },
      ...(conflicts
        ? [
            // Plain text: the questions are customer and admin words, never Slack markup.
            { type: 'section', block_id: 'changes', text: { type: 'plain_text', text: [`Teaching this would change how ${conflicts.length} question(s) are answered:`, ...listed, ...more].join('\n').slice(0, 3000) } },
            {
              type: 'input',
              block_id: 'confirm',
              label: { type: 'plain_text', text: 'Teach anyway?' },
              element: { type: 'checkboxes', action_id: 'value', options: [{ text: { type: 'plain_text', text: 'Yes, teach it even though these answers change' }, value: 'confirm' }] },
            },
          ]
        : []),
    ],
  };
}

export function registerSlackTeaching(options: SlackTeachingOptions): void {
  const { app, teaching, logger } = options;
  app.action(ACTION_TEACH, async ({ ack, body, action, client }) => {
    await ack();
    const handoffId = 'value' in action ? String(action.value) : '';
    const question = (await teaching.suggestedQuestion(handoffId)) ?? '';
    const triggerId = (body as { trigger_id?: string }).trigger_id;
    if (!triggerId) return;
    const entries = teaching.entries().slice(0, MAX_OPTIONS);
    const guessId = question ? teaching.bestGuess?.(question) : undefined;
    await client.views.open({ trigger_id: triggerId, view: teachView(handoffId, question, entries, entries.find((e) => e.id === guessId)) });
  });

  app.view(TEACH_VIEW, async ({ ack, view, body, client }) => {
    const values = view.state.values;
    const question = values.question?.value?.value ?? '';
    const entryId = values.entry?.value?.selected_option?.value ?? '';
    const confirm = (values.confirm?.value?.selected_options?.length ?? 0) > 0;
    const staffId = body.user.id;
    const learning = teaching.learn({ handoffId: view.private_metadata, entryId, question, by: `slack:${staffId}`, confirm });
    // Slack drops a view submission not answered within 3 s; retraining a large KB can take longer. Refusals are
    // quick (checked before any training) and shown in the modal; a conflict updates the modal with what would
    // change and a "Teach anyway" box; a slow outcome closes the modal at the deadline and follows as a direct message.
    const deadline = options.ackDeadlineMs ?? ACK_DEADLINE_MS;
    const outcome = await Promise.race([learning, new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), deadline).unref())]);
    if (outcome !== 'slow') {
      if (outcome.ok) {
        await ack();
        logger.info('kb.taught_from_slack', { handoff: view.private_metadata, entry: entryId, by: staffId, confirmed: confirm });
      } else if (outcome.conflicts?.length) {
        const entries = teaching.entries().slice(0, MAX_OPTIONS);
        await ack({ response_action: 'update', view: teachView(view.private_metadata, question, entries, entries.find((e) => e.id === entryId), outcome.conflicts) });
        logger.info('kb.teach_conflicts_shown', { handoff: view.private_metadata, entry: entryId, by: staffId, conflicts: outcome.conflicts.length });
      } else {
        await ack({ response_action: 'errors', errors: { entry: outcome.problems.map((p) => p.message).join('; ') || 'could not learn this' } });
      }
      return;
    }
    await ack();
    const result = await learning.catch((error: Error) => ({ ok: false as const, problems: [{ message: error.message }], conflicts: undefined }));
    if (result.ok) logger.info('kb.taught_from_slack', { handoff: view.private_metadata, entry: entryId, by: staffId, confirmed: confirm });
    else logger.warn('kb.teach_failed', { handoff: view.private_metadata, entry: entryId, by: staffId, problems: result.problems.map((p) => p.message).join('; ') });
    const text = result.ok
      ? `Taught: the bot now answers that question with "${entryId}".`
      : result.conflicts?.length
        ? `Not taught: it would change how ${result.conflicts.length} question(s) are answered. Press "Teach the bot" again to see them and confirm.`
        : `Could not teach the bot: ${result.problems.map((p) => p.message).join('; ')}`;
    await client.chat.postMessage({ channel: staffId, text }).catch((error) => logger.warn('kb.teach_notice_failed', { by: staffId, error }));
  });
}

/**
 * Learning from staff in Slack: the "Teach the bot" button on a resolved page opens a modal with the customer's
 * question and a picker of knowledge-base entries; submitting it adds the wording to that entry, so the bot
 * answers it next time.
 *
 * Only the Slack side lives here (the button's action, the modal, its answer). What it needs from the knowledge
 * base is the small `TeachingService` port below; admin/learn.ts implements it and bin wires the two together.
 */
import type { App } from '@slack/bolt';
import type { Logger } from '../../core/log';
import { ACTION_TEACH } from './staff';

/** What the Slack teaching UI needs from the knowledge-base side. */
export interface TeachingService {
  /** The question a resolved handoff's customer most likely asked, to prefill the modal. */
  suggestedQuestion(handoffId: string): Promise<string | undefined>;
  /** The entry the bot would most likely pick for `question`: the picker preselects it. */
  bestGuess?(question: string): string | undefined;
  /** Entries staff may attach a question to, in KB order. */
  entries(): { id: string; question: string }[];
  /** Attach `question` to entry `entryId`; refused with the problems' messages when it cannot. */
  learn(request: { handoffId: string; entryId: string; question: string; by: string }): Promise<{ ok: true } | { ok: false; problems: { message: string }[] }>;
}

export const TEACH_VIEW = 'teach_bot';
/** Slack's static_select holds at most 100 options. */
const MAX_OPTIONS = 100;
/** Answer Slack's view submission well inside its 3 s limit. */
const ACK_DEADLINE_MS = 2_000;

export interface SlackTeachingOptions {
  app: App;
  teaching: TeachingService;
  logger: Logger;
}

export function registerSlackTeaching({ app, teaching, logger }: SlackTeachingOptions): void {
  app.action(ACTION_TEACH, async ({ ack, body, action, client }) => {
    await ack();
    const handoffId = 'value' in action ? String(action.value) : '';
    const question = (await teaching.suggestedQuestion(handoffId)) ?? '';
    const triggerId = (body as { trigger_id?: string }).trigger_id;
    if (!triggerId) return;
    const entries = teaching.entries().slice(0, MAX_OPTIONS);
    const option = (e: { id: string; question: string }) => ({ text: { type: 'plain_text' as const, text: e.question.slice(0, 75) }, value: e.id });
    const guessId = question ? teaching.bestGuess?.(question) : undefined;
    const guess = entries.find((e) => e.id === guessId);
    await client.views.open({
      trigger_id: triggerId,
      view: {
        type: 'modal',
        callback_id: TEACH_VIEW,
        private_metadata: handoffId,
        title: { type: 'plain_text', text: 'Teach the bot' },
        submit: { type: 'plain_text', text: 'Teach' },
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
            element: {
              type: 'static_select',
              action_id: 'value',
              options: entries.map(option),
              ...(guess ? { initial_option: option(guess) } : {}),
            },
          },
        ],
      },
    });
  });

  app.view(TEACH_VIEW, async ({ ack, view, body, client }) => {
    const values = view.state.values;
    const question = values.question?.value?.value ?? '';
    const entryId = values.entry?.value?.selected_option?.value ?? '';
    const staffId = body.user.id;
    const learning = teaching.learn({ handoffId: view.private_metadata, entryId, question, by: `slack:${staffId}` });
    // Slack drops a view submission not answered within 3 s; retraining a large KB can take longer. Refusals are
    // quick (checked before any training) and shown in the modal; a slow success closes the modal at the deadline
    // and the outcome follows as a direct message to the staff member.
    const outcome = await Promise.race([learning, new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), ACK_DEADLINE_MS).unref())]);
    if (outcome !== 'slow') {
      if (outcome.ok) {
        await ack();
        logger.info('kb.taught_from_slack', { handoff: view.private_metadata, entry: entryId, by: staffId });
      } else {
        await ack({ response_action: 'errors', errors: { entry: outcome.problems.map((p) => p.message).join('; ') || 'could not learn this' } });
      }
      return;
    }
    await ack();
    const result = await learning.catch((error: Error) => ({ ok: false as const, problems: [{ message: error.message }] }));
    if (result.ok) logger.info('kb.taught_from_slack', { handoff: view.private_metadata, entry: entryId, by: staffId });
    else logger.warn('kb.teach_failed', { handoff: view.private_metadata, entry: entryId, by: staffId, problems: result.problems.map((p) => p.message).join('; ') });
    const text = result.ok ? `Taught: the bot now answers that question with "${entryId}".` : `Could not teach the bot: ${result.problems.map((p) => p.message).join('; ')}`;
    await client.chat.postMessage({ channel: staffId, text }).catch((error) => logger.warn('kb.teach_notice_failed', { by: staffId, error }));
  });
}

/**
 * Learning from staff in Slack: the "Teach the bot" button on a resolved page opens a modal with the customer's
 * question and a picker of knowledge-base entries; submitting it adds the wording to that entry, so the bot
 * answers it next time.
 */
import type { App } from '@slack/bolt';
import type { Logger } from '../core/log';
import type { HandoffRecords } from '../handoff/records';
import { ACTION_TEACH } from '../adapters/slack/staff';
import type { KnowledgeAdmin } from './knowledge-admin';
import { handoffQuestions, learnFromHandoff } from './learn';

export const TEACH_VIEW = 'teach_bot';
/** Slack's static_select holds at most 100 options. */
const MAX_OPTIONS = 100;

export interface SlackTeachingOptions {
  app: App;
  knowledge: KnowledgeAdmin;
  records: HandoffRecords;
  logger: Logger;
}

export function registerSlackTeaching({ app, knowledge, records, logger }: SlackTeachingOptions): void {
  app.action(ACTION_TEACH, async ({ ack, body, action, client }) => {
    await ack();
    const handoffId = 'value' in action ? String(action.value) : '';
    const question = (await handoffQuestions(records, handoffId))?.suggested ?? '';
    const triggerId = (body as { trigger_id?: string }).trigger_id;
    if (!triggerId) return;
    const entries = knowledge.current.entries.filter((e) => !e.handoff).slice(0, MAX_OPTIONS);
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
              options: entries.map((e) => ({ text: { type: 'plain_text', text: e.question.slice(0, 75) }, value: e.id })),
            },
          },
        ],
      },
    });
  });

  app.view(TEACH_VIEW, async ({ ack, view, body }) => {
    const values = view.state.values;
    const question = values.question?.value?.value ?? '';
    const entryId = values.entry?.value?.selected_option?.value ?? '';
    const result = await learnFromHandoff({ knowledge, records }, { handoffId: view.private_metadata, entryId, question, by: `slack:${body.user.id}` });
    if (result.ok) {
      await ack();
      logger.info('kb.taught_from_slack', { handoff: view.private_metadata, entry: entryId, by: body.user.id });
    } else {
      await ack({ response_action: 'errors', errors: { entry: result.problems.map((p) => p.message).join('; ') || 'could not learn this' } });
    }
  });
}

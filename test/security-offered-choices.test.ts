/**
 * Issue 14 #8: a click is acted on only if that choice was offered in that conversation. A forged `kb:<entry>`
 * click (never offered here) is read as its text; a click on an offered choice is acted on.
 */
import { CHOICE_ENTRY_PREFIX } from '../core/replies';
import type { OutboundMessage } from '../core/types';
import { buildCore } from './kit/core-builder';
import { TelegramWebhookHarness } from './helpers/telegram-harness';
import { eventually } from './kit/eventually';

let n = 0;
const inbound = (address: string, text: string, choiceId?: string) => ({ id: `oc${++n}`, address, customer: { id: address, displayName: 'Ana' }, text, choiceId, sentAt: new Date() });
const entryChoice = (reply: OutboundMessage | undefined) => reply?.choices?.find((c) => c.id.startsWith(CHOICE_ENTRY_PREFIX));

test('an offered kb choice is acted on; the same choice forged in another conversation is read as text', async () => {
  const { core, adapter } = buildCore();
  // A clarification offers entries: clicking one answers with it.
  await core.handleInbound(inbound('test:offered', 'payment'));
  const offered = entryChoice(adapter.last('test:offered'));
  expect(offered).toBeDefined();
  await core.handleInbound(inbound('test:offered', offered!.label, offered!.id));
  const answer = adapter.last('test:offered')!.text;

  // Never offered in this conversation: the same click with an empty text is not that answer.
  await core.handleInbound(inbound('test:forged', '', offered!.id));
  expect(adapter.texts('test:forged')).not.toContain(answer);
  // A forged "fraud" pick (an entry that always goes to a person) never offered: no handoff.
  await core.handleInbound(inbound('test:forged-2', '', `${CHOICE_ENTRY_PREFIX}fraud-unrecognised`));
  await expect(core.getState('test:forged-2')).resolves.toMatchObject({ mode: 'bot' });
});

test('Telegram: a callback for an entry never offered is not acted on', async () => {
  const { core } = buildCore({ withoutAdapter: true });
  const tg = new TelegramWebhookHarness();
  const adapter = await tg.createAdapter();
  core.registerAdapter(adapter);
  await adapter.start(core.handleInbound);
  try {
    await tg.customerSays('payment');
    await eventually(() => tg.delivered().length > 0, 'the clarification');
    const offered = tg.delivered()[0].choiceIds.find((id) => id.startsWith(CHOICE_ENTRY_PREFIX))!;
    await tg.customerClicks(offered);
    await eventually(() => tg.delivered().length === 2, 'the answer');
    const answer = tg.delivered()[1].text;

    // A forged callback (the same button data is simply sent again for a different entry never offered).
    const forged = `${CHOICE_ENTRY_PREFIX}credit-score`;
    expect(tg.delivered()[0].choiceIds).not.toContain(forged);
    const before = tg.delivered().length;
    await tg.deliver({
      update_id: 990001,
      callback_query: { id: 'cb-forged', chat_instance: 'ci', data: forged, from: { id: 777001, is_bot: false, first_name: 'Ana' }, message: { message_id: 1, date: 0, chat: { id: 777001, type: 'private' }, text: 'x' } },
    });
    await eventually(() => tg.delivered().length > before, 'the reply to the forged click');
    const credit = tg.delivered().slice(before).map((d) => d.text);
    expect(credit).not.toContain(answer);
    expect(credit.join('\n')).not.toMatch(/soft check only/i); // the credit-score entry's answer
  } finally {
    await adapter.stop();
    await tg.close();
  }
});

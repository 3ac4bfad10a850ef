/**
 * Issue 11 on the handoff side, through the real core, Redis, BullMQ and the Slack staff side against fake Slack:
 * a customer who leaves the queue withdraws the handoff (its page says so), "leave a message" turns it into a
 * follow-up item staff answer later in the same thread, resolving without any reply asks staff to confirm, and
 * nobody claiming within HANDOFF_GIVE_UP_AFTER tells the customer honestly.
 */
import { ACTION_RESOLVE_CONFIRM, confirmResolveBlocks } from '../adapters/slack/staff';
import { t } from '../core/i18n/catalogue';
import { CHOICE_CONFIRM_LEAVE_QUEUE, CHOICE_LEAVE_MESSAGE, CHOICE_PERSON, CHOICE_RATING_PREFIX } from '../core/replies';
import { eventually, startHarness, type Harness } from './helpers/handoff-harness';

const STAFF = { id: 'UAGENT2', name: 'Sam Staff' };

describe('waiting, follow-ups and resolving (Slack)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { repageAfterMs: 60_000, escalateAfterMs: 60_000, giveUpAfterMs: 400 } });
  });
  afterAll(async () => {
    await h.close();
  });

  async function handOff(address: string, first = 'my parcel never arrived') {
    await h.say(address, first);
    await h.say(address, 'Talk to a person', CHOICE_PERSON);
    const id = await eventually(() => h.handoff.records.openIdFor(address), 'handoff opened');
    const page = await eventually(async () => (await h.handoff.records.get(id))?.page, 'page posted');
    return { id, page };
  }

  it('leaving the queue withdraws the handoff and the page says "customer left the queue"', async () => {
    const address = 'shop:leaves';
    const { id, page } = await handOff(address);
    await h.say(address, 'never mind');
    await h.say(address, 'Yes', CHOICE_CONFIRM_LEAVE_QUEUE);
    expect(h.customers.last(address)!.text).toBe(t('en', 'neverMind.left'));
    expect((await h.handoff.records.get(id))!.status).toBe('withdrawn');
    expect(await h.handoff.records.openIdFor(address)).toBeUndefined();
    expect(await h.handoff.queue.getJob(`repage-${id}`)).toBeUndefined();
    await eventually(() => JSON.stringify(h.slack!.find(page.channel, page.ts)?.blocks ?? '').includes('Customer left the queue'), 'page updated');
    expect((await h.handoff.actions!.openQueue()).some((r) => r.id === id)).toBe(false);
  });

  it('a message left while waiting becomes a follow-up that staff answer later in the same thread', async () => {
    const address = 'shop:message';
    const { id, page } = await handOff(address, '¿dónde está mi reembolso? lo pedí hace dos semanas');
    await h.say(address, 'Dejar un mensaje', CHOICE_LEAVE_MESSAGE);
    await h.say(address, 'Por favor, escríbanme sobre el pedido 4411');
    expect(h.customers.last(address)!.text).toBe(t('es', 'followUp.saved'));
    const record = (await h.handoff.records.get(id))!;
    expect(record.status).toBe('follow_up');
    expect(record.language).toBe('es');
    // On /handoffs (the open queue) and on the page, which names the customer's language.
    expect((await h.handoff.actions!.openQueue()).find((r) => r.id === id)?.status).toBe('follow_up');
    await eventually(() => {
      const blocks = JSON.stringify(h.slack!.find(page.channel, page.ts)?.blocks ?? '');
      return blocks.includes('Follow-up') && blocks.includes('Writes in Spanish');
    }, 'page shows the follow-up');
    await eventually(() => h.slack!.threadOf(page.ts).some((m) => String(m.text).includes('pedido 4411')), 'the message in the page thread');

    // Later, without claiming: a reply in the thread (what the Slack thread handler calls) reaches the customer
    // in their app, in their language.
    expect(await h.handoff.actions!.reply(id, STAFF, 'Your refund left today.')).toBe('relayed');
    const answer = await eventually(() => h.customers.to(address).find((m) => m.text.includes('Your refund left today.')), 'follow-up answer delivered');
    expect(answer.text).toContain(t('es', 'followUp.replyIntro'));

    expect(await h.handoff.actions!.finish(id, 'resolved', STAFF)).toEqual({ done: true, askedForRating: false });
    expect((await h.handoff.records.get(id))!.status).toBe('resolved');
  });

  it('resolving a claimed conversation nobody replied in asks staff to confirm first', async () => {
    const address = 'shop:noreply';
    const { id } = await handOff(address);
    expect((await h.handoff.actions!.claim(id, STAFF)).won).toBe(true);
    expect(await h.handoff.actions!.finish(id, 'resolved', STAFF)).toEqual({ done: false, status: 'needs_confirmation' });
    expect((await h.handoff.records.get(id))!.status).toBe('claimed');
    expect(h.customers.to(address).some((m) => m.choices?.some((c) => c.id.startsWith(CHOICE_RATING_PREFIX)))).toBe(false);

    expect(await h.handoff.actions!.finish(id, 'resolved', STAFF, { confirm: true })).toEqual({ done: true, askedForRating: true });
    expect(confirmResolveBlocks('x').some((b) => JSON.stringify(b).includes(ACTION_RESOLVE_CONFIRM))).toBe(true);
  });

  it('nobody claims within HANDOFF_GIVE_UP_AFTER: the customer is told honestly and may leave a message', async () => {
    const address = 'shop:nobody';
    await handOff(address);
    const told = await eventually(() => h.customers.to(address).find((m) => m.text === t('en', 'giveUp.nobodyFree')), 'told nobody is free');
    expect(told.choices!.map((c) => c.id)).toContain(CHOICE_LEAVE_MESSAGE);
  });
});

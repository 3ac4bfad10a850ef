/**
 * Business hours: outside them a handoff is queued, the customer is told when staff are back, and staff are
 * paged at opening (a BullMQ delayed job, so a restart in between loses nothing).
 */
import { CHOICE_PERSON } from '../core/replies';
import { BusinessHours, BusinessHoursError } from '../handoff/business-hours';
import { eventually, startHarness, type Harness } from './helpers/handoff-harness';

describe('business hours', () => {
  const paris = BusinessHours.parse('Mon-Fri 09:00-18:00 Europe/Paris');

  it('knows when staff are in, in the configured time zone', () => {
    expect(paris.isOpen(new Date('2026-11-25T09:00:00Z'))).toBe(true); // Wednesday 10:00 in Paris
    expect(paris.isOpen(new Date('2026-11-25T17:30:00Z'))).toBe(false); // 18:30 in Paris
    expect(paris.isOpen(new Date('2026-11-28T12:00:00Z'))).toBe(false); // Saturday
  });

  it('finds the next opening across a weekend and a daylight-saving change', () => {
    // Friday 27 March 2026, 19:00 in Paris; clocks go forward on Sunday 29 March; Monday 09:00 is then 07:00 UTC.
    expect(paris.nextOpening(new Date('2026-03-27T18:00:00Z')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    // Early on a weekday: the same morning (winter: UTC+1).
    expect(paris.nextOpening(new Date('2026-11-25T05:00:00Z')).toISOString()).toBe('2026-11-25T08:00:00.000Z');
  });

  it('accepts several spans and explains a malformed setting', () => {
    const hours = BusinessHours.parse('Mon-Fri 09:00-18:00; Sat 10:00-14:00 UTC');
    expect(hours.nextOpening(new Date('2026-11-27T19:00:00Z')).toISOString()).toBe('2026-11-28T10:00:00.000Z');
    expect(() => BusinessHours.parse('9 to 5')).toThrow(BusinessHoursError);
    expect(() => BusinessHours.parse('Mon-Fri 09:00-18:00 Mars/Olympus')).toThrow(/not a time zone/);
    expect(() => BusinessHours.parse('Mon-Fri 22:00-06:00 UTC')).toThrow(/split them in two/);
  });

  describe('a handoff outside business hours', () => {
    let h: Harness;
    // The test's clock reads 1.5 s before opening when the customer asks; the page job is delayed by those
    // 1.5 s (BullMQ's own clock) and must then go out by itself.
    const today = new Date().toISOString().slice(0, 10);
    const clock = () => new Date(`${today}T08:59:58.500Z`);
    beforeAll(async () => {
      h = await startHarness({ config: { businessHours: BusinessHours.parse('Mon-Sun 09:00-18:00 UTC') }, now: clock });
    });
    afterAll(async () => {
      await h.close();
    });

    it('is queued, the customer is told when staff are back, and staff are paged at opening', async () => {
      const address = 'shop:night';
      await h.say(address, 'Talk to a person', CHOICE_PERSON);
      const told = h.customers.last(address)!.text;
      expect(told).toContain("I'm getting you a person");
      expect(told).toContain('back today at 9:00 AM (UTC)'); // in the configured zone (here UTC), in the customer's language

      const id = (await h.handoff.records.openIdFor(address))!;
      const job = await h.handoff.queue.getJob(`page-${id}`);
      expect(await job!.isDelayed()).toBe(true);
      expect(h.slack!.postsFor(id)).toHaveLength(0);
      expect((await h.handoff.records.get(id))!.pageAt.toISOString()).toBe(`${today}T09:00:00.000Z`);

      // Writing again while waiting: still told when staff are back, and nothing is lost.
      await h.say(address, 'my order is 12345');
      expect(h.customers.last(address)!.text).toContain('back today at 9:00 AM (UTC)');

      await eventually(() => h.slack!.postsFor(id).length === 1, 'paged at opening');
      // What they wrote while waiting follows the page in its thread.
      const page = h.slack!.postsFor(id)[0];
      await eventually(() => h.slack!.threadOf(page.ts).some((m) => m.text.includes('my order is 12345')), 'waiting message in the thread');
    });
  });

  describe('a reminder that falls due after closing', () => {
    let h: Harness;
    const today = new Date().toISOString().slice(0, 10);
    let clockAt = Date.parse(`${today}T17:59:58.000Z`);
    const closed = Date.parse(`${today}T18:00:01.000Z`);
    beforeAll(async () => {
      h = await startHarness({
        config: { businessHours: BusinessHours.parse('Mon-Sun 09:00-18:00 UTC'), repageAfterMs: 1000 },
        now: () => new Date(clockAt),
        // The office closes the moment the page is out, before its reminder is even scheduled: however slow the
        // machine, the reminder falls due after closing.
        onPaged: () => {
          clockAt = closed;
        },
      });
    });
    afterAll(async () => {
      await h.close();
    });

    it('waits for the next opening instead of paging an empty office', async () => {
      await h.say('shop:closing', 'Talk to a person', CHOICE_PERSON);
      const id = (await h.handoff.records.openIdFor('shop:closing'))!;
      await eventually(() => h.slack!.postsFor(id).length === 1, 'paged before closing');
      await eventually(() => clockAt === closed, 'the office closed as the page was recorded'); // Slack sees the page a moment before
      const reminder = await eventually(async () => {
        const job = await h.handoff.queue.getJob(`repage-${id}`);
        // Due after closing, so moved to tomorrow's opening by the worker.
        return job && job.attemptsStarted > 0 && (await job.isDelayed()) ? job : undefined;
      }, 'reminder postponed');
      // Scheduled for tomorrow's opening (the test clock and BullMQ's wall clock differ by a few hours).
      expect(reminder.timestamp + reminder.delay).toBeGreaterThan(Date.now() + 6 * 3600 * 1000);
      expect(h.slack!.postsFor(id, 'repage')).toHaveLength(0);
    });
  });
});

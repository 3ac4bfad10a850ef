/**
 * core/i18n/replies.ts mirrors core/replies.ts: in English every builder returns exactly what core/replies.ts
 * returns today (so wiring the catalogue in changes nothing for English customers), with the same choice ids;
 * in every other language it returns the same shape in that language. Also the new replies of issue 11.
 */
import * as english from '../core/replies';
import * as i18n from '../core/i18n/replies';
import { REASON_LABELS } from '../handoff/relay';
import { customerLanguageLine, customerLeftQueueLine, openHandoffsLine, reasonLabel, stillWaitingLine } from '../core/i18n/staff';
import { SUPPORTED_LANGUAGES } from '../core/i18n/languages';
import type { Choice, HandoffReason, HandoffTicket } from '../core/types';

const REASONS: HandoffReason[] = ['asked_for_person', 'picked_talk_to_person', 'repeated_question', 'frustration', 'sensitive_topic', 'low_confidence', 'cannot_read_message'];
const TICKETS: HandoffTicket[] = [{ position: 1 }, { position: 2, expectedWaitSeconds: 30 }, { position: 3, expectedWaitSeconds: 190 }, { position: 7, expectedWaitSeconds: 5400 }];
const related: Choice[] = [english.entryChoice('refund-status', 'Where is my refund?')];

describe('English catalogue = core/replies.ts', () => {
  it('uses the same choice ids', () => {
    expect(i18n.CHOICE_PERSON).toBe(english.CHOICE_PERSON);
    expect(i18n.CHOICE_ENTRY_PREFIX).toBe(english.CHOICE_ENTRY_PREFIX);
    expect(i18n.CHOICE_RATING_PREFIX).toBe(english.CHOICE_RATING_PREFIX);
    expect(i18n.talkToPerson('en')).toEqual(english.talkToPerson);
    expect(i18n.entryChoice('x', 'A'.repeat(80))).toEqual(english.entryChoice('x', 'A'.repeat(80)));
  });

  it('says the same words in every reply', () => {
    for (const kind of ['greeting', 'thanks', 'goodbye'] as const) expect(i18n.smallTalkReply('en', kind)).toEqual(english.smallTalkReply(kind));
    expect(i18n.answerReply('en', 'An answer.', related)).toEqual(english.answerReply('An answer.', related));
    for (const outOfScope of [true, false]) {
      expect(i18n.clarifyReply('en', related, outOfScope)).toEqual(english.clarifyReply(related, outOfScope));
      expect(i18n.clarifyReply('en', [], outOfScope)).toEqual(english.clarifyReply([], outOfScope));
    }
    expect(i18n.cannotReadReply('en')).toEqual(english.cannotReadReply());
    expect(i18n.emptyMessageReply('en')).toEqual(english.emptyMessageReply());
    for (const ticket of TICKETS) {
      for (const reason of REASONS) expect(i18n.handoffReply('en', reason, ticket)).toEqual(english.handoffReply(reason, ticket));
      expect(i18n.whereYouStand('en', ticket)).toBe(english.whereYouStand(ticket));
      expect(i18n.waitingReply('en', ticket)).toEqual(english.waitingReply(ticket));
    }
    for (const seconds of [0, 59, 60, 89, 90, 600, 3599, 3600, 5400, 36_000]) expect(i18n.formatDuration('en', seconds)).toBe(english.formatDuration(seconds));
    expect(i18n.agentJoinedReply('en', 'Alex')).toEqual(english.agentJoinedReply('Alex'));
    expect(i18n.backWithAssistantReply('en')).toEqual(english.backWithAssistantReply());
    expect(i18n.ratingQuestionReply('en')).toEqual(english.ratingQuestionReply());
    expect(i18n.ratingThanksReply('en')).toEqual(english.ratingThanksReply());
    expect(i18n.agentMessageText('en', 'Alex Morgan', 'Hi')).toBe(english.agentMessageText('Alex Morgan', 'Hi'));
    const fromAgent = { text: 'Hi', sender: { kind: 'agent' as const, name: 'Alex' } };
    expect(i18n.outboundText('en', fromAgent)).toBe(english.outboundText(fromAgent));
  });

  it('staff reason labels match handoff/relay.ts REASON_LABELS', () => {
    for (const reason of REASONS) expect(reasonLabel(reason)).toBe(REASON_LABELS[reason]);
  });

  it('tells offline times in the configured zone (core/replies.ts said UTC: the bug issue 11 reports)', () => {
    const ticket = { position: 1, staffBackAt: new Date('2026-11-26T08:00:00Z') };
    const text = i18n.whereYouStand('en', ticket, { timeZone: 'Europe/Paris', now: new Date('2026-11-25T22:30:00Z') });
    expect(text).toBe("Our team is offline right now and back tomorrow at 9:00 AM (Central European Time); you're number 1 in line and nothing you write will be lost.");
    expect(english.whereYouStand(ticket)).toContain('08:00 UTC');
  });
});

describe.each(SUPPORTED_LANGUAGES)('replies in %s', (language) => {
  const now = new Date('2026-11-25T22:30:00Z');
  const where = { timeZone: 'Europe/Paris', now };
  const texts = () => [
    ...(['greeting', 'thanks', 'goodbye'] as const).map((k) => i18n.smallTalkReply(language, k).text),
    i18n.clarifyReply(language, related, true).text, i18n.clarifyReply(language, [], true).text, i18n.clarifyReply(language, related, false).text,
    i18n.cannotReadReply(language).text, i18n.emptyMessageReply(language).text,
    ...REASONS.map((r) => i18n.handoffReply(language, r, TICKETS[2], where).text),
    i18n.whereYouStand(language, { position: 1, staffBackAt: new Date('2026-11-27T08:00:00Z') }, where),
    i18n.waitingReply(language, TICKETS[3], where).text, i18n.agentJoinedReply(language, 'Alex').text,
    i18n.backWithAssistantReply(language).text, i18n.ratingQuestionReply(language).text, i18n.ratingThanksReply(language).text,
    i18n.keptPlaceReply(language, TICKETS[1]).text, i18n.answerWhileWaitingReply(language, 'KB answer').text,
    i18n.confirmLeaveQueueReply(language).text, i18n.leftQueueReply(language).text, i18n.leaveMessagePromptReply(language).text,
    i18n.followUpSavedReply(language).text, i18n.followUpSavedReply(language, new Date('2026-11-26T08:00:00Z'), where).text,
    i18n.followUpAnswerText(language, 'Alex', 'Done'), i18n.afterHoursReply(language, new Date('2026-11-26T08:00:00Z'), where).text,
    i18n.nobodyFreeReply(language).text, i18n.offTopicReply(language, ['a', 'b', 'c']).text, i18n.offTopicReply(language, ['a', 'b'], 'Lumo').text,
    i18n.stillNotSureReply(language).text, i18n.didNotHelpReply(language).text, i18n.ratingReceivedReply(language, 1).text,
    i18n.ratingReceivedReply(language, 5).text, i18n.noKnowledgeInLanguageReply(language).text,
    reasonLabel('unhappy_rating', { stars: 2, staffLanguage: language }), customerLanguageLine('es', language),
    customerLeftQueueLine('Ana', language), stillWaitingLine('Ana', 700, language), openHandoffsLine(2, language),
  ];

  it('fills every reply, with no placeholder left', () => {
    for (const text of texts()) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/[{}]|undefined|NaN/);
    }
  });

  it('waiting messages offer keep waiting / back to the assistant / leave a message, labelled in the language', () => {
    const reply = i18n.waitingWithChoicesReply(language, TICKETS[1]);
    expect(reply.choices?.map((c) => c.id)).toEqual([i18n.CHOICE_KEEP_WAITING, i18n.CHOICE_BACK_TO_ASSISTANT, i18n.CHOICE_LEAVE_MESSAGE]);
    expect(new Set(reply.choices?.map((c) => c.label)).size).toBe(3);
    for (const choice of [...reply.choices!, ...i18n.confirmLeaveQueueReply(language).choices!]) expect(choice.id.length).toBeLessThanOrEqual(64);
    expect(i18n.answerWhileWaitingReply(language, 'KB answer').text.startsWith('KB answer')).toBe(true);
  });

  it('a low rating gets "someone will look at it", a good one thanks', () => {
    expect(i18n.ratingReceivedReply(language, 2).text).not.toBe(i18n.ratingThanksReply(language).text);
    expect(i18n.ratingReceivedReply(language, 3)).toEqual(i18n.ratingThanksReply(language));
  });

  if (language !== 'en') {
    it('is not English', () => {
      expect(i18n.smallTalkReply(language, 'greeting').text).not.toBe(english.smallTalkReply('greeting').text);
      expect(i18n.talkToPerson(language).label).not.toBe('Talk to a person');
      expect(i18n.ratingQuestionReply(language).text).not.toBe(english.ratingQuestionReply().text);
    });
  }
});

describe('spot checks in the languages of issue 11', () => {
  it('Spanish, German and Chinese handoffs read as written', () => {
    const ticket = { position: 2, expectedWaitSeconds: 190 };
    expect(i18n.handoffReply('es', 'asked_for_person', ticket).text).toBe(
      'Por supuesto. Te paso con una persona. Eres el número 2 en la fila. La espera estimada es de aproximadamente 3 minutos. Puedes seguir escribiendo aquí; una persona lo verá todo.',
    );
    expect(i18n.handoffReply('de', 'asked_for_person', ticket).text).toBe(
      'Natürlich. Ich hole Ihnen einen Menschen. Sie sind Nummer 2 in der Warteschlange. Die voraussichtliche Wartezeit beträgt etwa 3 Minuten. Sie können hier weiterschreiben; ein Mensch sieht alles.',
    );
    expect(i18n.handoffReply('zh', 'asked_for_person', ticket).text).toBe('好的，正在为您转接人工客服。您在队列中排第2位。预计等待约3分钟。您可以继续在这里留言，客服人员会看到所有内容。');
  });

  it('after hours in Spanish, in the configured zone', () => {
    const reply = i18n.afterHoursReply('es', new Date('2026-11-27T08:00:00Z'), { timeZone: 'Europe/Paris', now: new Date('2026-11-25T22:30:00Z') });
    expect(reply.text).toContain('vuelve el viernes a las 9:00 (hora de Europa central)');
    expect(reply.choices?.[0]).toEqual({ id: i18n.CHOICE_LEAVE_MESSAGE, label: 'Dejar un mensaje' });
  });

  it('staff read the customer’s language and state in their own', () => {
    expect(customerLanguageLine('es')).toBe('Writes in Spanish');
    expect(customerLanguageLine('zh', 'de')).toBe('Schreibt auf Chinesisch');
    expect(customerLeftQueueLine('Ana')).toBe('Ana left the queue and is back with the bot.');
    expect(reasonLabel('unhappy_rating', { stars: 1 })).toBe('customer unhappy: rated 1 star');
    expect(stillWaitingLine('Ana', 700)).toBe('Still nobody on it: Ana has been waiting 12 minutes.');
  });
});

/**
 * core/replies.ts reads every word from the catalogue: in English it still says exactly what it said before the
 * catalogue (pinned below, so wiring changed nothing for English customers), with the same choice ids; in every
 * other language it fills every reply; staff labels match handoff/relay.ts REASON_LABELS.
 */
import * as replies from '../core/replies';
import { REASON_LABELS } from '../handoff/relay';
import { customerLanguageLine, customerLeftQueueLine, openHandoffsLine, reasonLabel, stillWaitingLine } from '../core/i18n/staff';
import { SUPPORTED_LANGUAGES } from '../core/i18n/languages';
import type { Choice, HandoffReason, HandoffTicket } from '../core/types';

const REASONS: HandoffReason[] = ['asked_for_person', 'picked_talk_to_person', 'repeated_question', 'frustration', 'sensitive_topic', 'low_confidence', 'cannot_read_message'];
const TICKETS: HandoffTicket[] = [{ position: 1 }, { position: 2, expectedWaitSeconds: 30 }, { position: 3, expectedWaitSeconds: 190 }, { position: 7, expectedWaitSeconds: 5400 }];
const related: Choice[] = [replies.entryChoice('refund-status', 'Where is my refund?')];

describe('English: the words core/replies.ts said before the catalogue', () => {
  it('keeps the choice ids', () => {
    expect([replies.CHOICE_PERSON, replies.CHOICE_ENTRY_PREFIX, replies.CHOICE_RATING_PREFIX]).toEqual(['person', 'kb:', 'rate:']);
    expect(replies.talkToPerson('en')).toEqual({ id: 'person', label: 'Talk to a person' });
    expect(replies.entryChoice('x', 'A'.repeat(80)).label).toBe('A'.repeat(57) + '…');
  });

  it('says the same words', () => {
    expect(replies.smallTalkReply('en', 'greeting').text).toBe('Hi! What can I help you with today? You can ask me anything, or ask for a person at any time.');
    expect(replies.smallTalkReply('en', 'thanks').text).toBe("You're welcome! Anything else I can help with?");
    expect(replies.smallTalkReply('en', 'goodbye').text).toBe('Thanks for getting in touch. Have a great day!');
    expect(replies.answerReply('en', 'An answer.', related)).toEqual({ text: 'An answer.', choices: [...related, { id: 'person', label: 'Talk to a person' }], sender: { kind: 'bot' } });
    expect(replies.clarifyReply('en', related, true).text).toBe("I'm not sure I can answer that. Is it about one of these? If not, a person can help.");
    expect(replies.clarifyReply('en', [], true).text).toBe("I'm not sure I can answer that, but a person can help.");
    expect(replies.clarifyReply('en', related, false).text).toBe('I want to get this right. Did you mean one of these?');
    expect(replies.cannotReadReply('en').text).toBe('I can only read text messages. Could you type your question? Or I can get you a person.');
    expect(replies.emptyMessageReply('en').text).toBe('Could you type your question? I can also get you a person.');
    expect(replies.handoffReply('en', 'asked_for_person', TICKETS[2]).text).toBe(
      "Of course. I'm getting you a person. You're number 3 in line. The expected wait is about 3 minutes. You can keep writing here; a person will see everything.",
    );
    expect(replies.handoffReply('en', 'frustration', TICKETS[0]).text).toBe(
      "I'm sorry this has been frustrating. I'm getting you a person right away. You're number 1 in line. You can keep writing here; a person will see everything.",
    );
    expect(replies.waitingReply('en', TICKETS[1]).text).toBe(
      "Thanks, I've passed that on. You're number 2 in line. The expected wait is under a minute. You can keep writing here; a person will see everything.",
    );
    expect(replies.waitingReply('en', TICKETS[3]).text).toContain('The expected wait is about 1.5 hours.');
    const durations = [0, 59, 60, 89, 90, 600, 3599, 3600, 5400, 36_000].map((s) => replies.formatDuration('en', s));
    expect(durations).toEqual(['under a minute', 'under a minute', 'about 1 minute', 'about 1 minute', 'about 2 minutes', 'about 10 minutes', 'about 1 hour', 'about 1 hour', 'about 1.5 hours', 'about 10 hours']);
    expect(replies.agentJoinedReply('en', 'Alex').text).toBe('Alex from our team has joined and will take it from here.');
    expect(replies.backWithAssistantReply('en').text).toBe("You're back with the assistant. Ask me anything, or ask for a person at any time.");
    expect(replies.ratingQuestionReply('en').text).toBe('Thanks for your patience. How would you rate the help you got today?');
    expect(replies.ratingQuestionReply('en').choices?.map((c) => c.id)).toEqual(['rate:1', 'rate:2', 'rate:3', 'rate:4', 'rate:5']);
    expect(replies.ratingThanksReply('en').text).toBe('Thank you for your feedback!');
    expect(replies.agentMessageText('Alex Morgan', 'Hi')).toBe('Alex Morgan (support): Hi');
  });

  it('staff reason labels match handoff/relay.ts REASON_LABELS', () => {
    for (const reason of REASONS) expect(reasonLabel(reason)).toBe(REASON_LABELS[reason]);
  });

  it('tells offline times in the configured zone, not UTC (the bug issue 11 reports)', () => {
    const text = replies.whereYouStand('en', { position: 1, staffBackAt: new Date('2026-11-26T08:00:00Z') }, { timeZone: 'Europe/Paris', now: new Date('2026-11-25T22:30:00Z') });
    expect(text).toBe("Our team is offline right now and back tomorrow at 9:00 AM (Central European Time); you're number 1 in line and nothing you write will be lost.");
  });
});

describe.each(SUPPORTED_LANGUAGES)('replies in %s', (language) => {
  const now = new Date('2026-11-25T22:30:00Z');
  const where = { timeZone: 'Europe/Paris', now };
  const texts = () => [
    ...(['greeting', 'thanks', 'goodbye'] as const).map((k) => replies.smallTalkReply(language, k).text),
    replies.clarifyReply(language, related, true).text, replies.clarifyReply(language, [], true).text, replies.clarifyReply(language, related, false).text,
    replies.cannotReadReply(language).text, replies.emptyMessageReply(language).text,
    ...REASONS.map((r) => replies.handoffReply(language, r, TICKETS[2], where).text),
    ...REASONS.map((r) => replies.handoffReply(language, r, { position: 1, staffBackAt: new Date('2026-11-27T08:00:00Z') }, where).text),
    replies.whereYouStand(language, { position: 1, staffBackAt: new Date('2026-11-27T08:00:00Z') }, where),
    replies.waitingReply(language, TICKETS[3], where).text, replies.agentJoinedReply(language, 'Alex').text,
    replies.backWithAssistantReply(language).text, replies.ratingQuestionReply(language).text, replies.ratingThanksReply(language).text,
    replies.keptPlaceReply(language, TICKETS[1]).text, replies.answerWhileWaitingReply(language, 'KB answer').text,
    replies.confirmLeaveQueueReply(language).text, replies.leftQueueReply(language).text, replies.leaveMessagePromptReply(language).text,
    replies.followUpSavedReply(language).text, replies.followUpSavedReply(language, new Date('2026-11-26T08:00:00Z'), where).text,
    replies.followUpAnswerText(language, 'Alex', 'Done'), replies.afterHoursReply(language, new Date('2026-11-26T08:00:00Z'), where).text,
    replies.nobodyFreeReply(language).text, replies.offTopicReply(language, ['a', 'b', 'c']).text, replies.offTopicReply(language, ['a', 'b'], 'Lumo').text,
    replies.stillNotSureReply(language).text, replies.didNotHelpReply(language).text, replies.ratingReceivedReply(language, 1).text,
    replies.ratingReceivedReply(language, 5).text, replies.noKnowledgeInLanguageReply(language).text,
    replies.agentMessageText('Alex', 'Hi', language),
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
    const reply = replies.waitingWithChoicesReply(language, TICKETS[1]);
    expect(reply.choices?.map((c) => c.id)).toEqual([replies.CHOICE_KEEP_WAITING, replies.CHOICE_BACK_TO_ASSISTANT, replies.CHOICE_LEAVE_MESSAGE]);
    expect(new Set(reply.choices?.map((c) => c.label)).size).toBe(3);
    for (const choice of [...reply.choices!, ...replies.confirmLeaveQueueReply(language).choices!]) expect(choice.id.length).toBeLessThanOrEqual(64);
    expect(replies.answerWhileWaitingReply(language, 'KB answer').text.startsWith('KB answer')).toBe(true);
  });

  it('a low rating gets "someone will look at it", a good one thanks', () => {
    expect(replies.ratingReceivedReply(language, 2).text).not.toBe(replies.ratingThanksReply(language).text);
    expect(replies.ratingReceivedReply(language, 3)).toEqual(replies.ratingThanksReply(language));
  });

  if (language !== 'en') {
    it('is not English', () => {
      expect(replies.smallTalkReply(language, 'greeting').text).not.toBe(replies.smallTalkReply('en', 'greeting').text);
      expect(replies.talkToPerson(language).label).not.toBe('Talk to a person');
      expect(replies.ratingQuestionReply(language).text).not.toBe(replies.ratingQuestionReply('en').text);
    });
  }
});

describe('spot checks in the languages of issue 11', () => {
  it('Spanish, German and Chinese handoffs read as written', () => {
    const ticket = { position: 2, expectedWaitSeconds: 190 };
    expect(replies.handoffReply('es', 'asked_for_person', ticket).text).toBe(
      'Por supuesto. Te paso con una persona. Eres el número 2 en la fila. La espera estimada es de aproximadamente 3 minutos. Puedes seguir escribiendo aquí; una persona lo verá todo.',
    );
    expect(replies.handoffReply('de', 'asked_for_person', ticket).text).toBe(
      'Natürlich. Ich hole Ihnen einen Menschen. Sie sind Nummer 2 in der Warteschlange. Die voraussichtliche Wartezeit beträgt etwa 3 Minuten. Sie können hier weiterschreiben; ein Mensch sieht alles.',
    );
    expect(replies.handoffReply('zh', 'asked_for_person', ticket).text).toBe('好的，正在为您转接人工客服。您在队列中排第2位。预计等待约3分钟。您可以继续在这里留言，客服人员会看到所有内容。');
  });

  it('after hours in Spanish, in the configured zone', () => {
    const reply = replies.afterHoursReply('es', new Date('2026-11-27T08:00:00Z'), { timeZone: 'Europe/Paris', now: new Date('2026-11-25T22:30:00Z') });
    expect(reply.text).toContain('vuelve el viernes a las 9:00 (hora de Europa central)');
    expect(reply.choices?.[0]).toEqual({ id: replies.CHOICE_LEAVE_MESSAGE, label: 'Dejar un mensaje' });
  });

  it('staff read the customer’s language and state in their own', () => {
    expect(customerLanguageLine('es')).toBe('Writes in Spanish');
    expect(customerLanguageLine('zh', 'de')).toBe('Schreibt auf Chinesisch');
    expect(customerLeftQueueLine('Ana')).toBe('Ana left the queue and is back with the bot.');
    expect(reasonLabel('unhappy_rating', { stars: 1 })).toBe('customer unhappy: rated 1 star');
    expect(stillWaitingLine('Ana', 700)).toBe('Still nobody on it: Ana has been waiting 12 minutes.');
  });
});

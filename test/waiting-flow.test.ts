/**
 * Issue 11 through the real core (demo KB, in-memory state, recording adapter and handoff port): the customer's
 * language, waiting as a state the customer controls, honest off-topic replies, and the small walls.
 */
import {
  CHOICE_BACK_TO_ASSISTANT,
  CHOICE_CONFIRM_LEAVE_QUEUE,
  CHOICE_KEEP_WAITING,
  CHOICE_LEAVE_MESSAGE,
  CHOICE_PERSON,
  CHOICE_RATING_PREFIX,
} from '../core/replies';
import { t } from '../core/i18n/catalogue';
import { buildCore } from './kit/core-builder';

let n = 0;
const fresh = () => `test:wf${++n}`;

describe('the customer’s language', () => {
  it('Spanish, German and Chinese customers are answered in their language, sticky per conversation; staff learn it', async () => {
    const { adapter, handoff, core, say } = buildCore();
    const es = fresh();
    await say(es, '¿dónde está mi reembolso?');
    expect((await core.getState(es))!.language).toBe('es');
    expect(adapter.last(es)!.choices!.find((c) => c.id === CHOICE_PERSON)!.label).toBe(t('es', 'choice.talkToPerson'));
    await say(es, 'ok'); // one word never flips the language
    expect((await core.getState(es))!.language).toBe('es');
    await say(es, 'quiero hablar con una persona');
    expect(adapter.last(es)!.text).toContain(t('es', 'queue.keepWriting'));
    expect(handoff.requests.find((r) => r.address === es)!.language).toBe('es');

    const de = fresh();
    await say(de, 'Ich möchte mit einem Menschen sprechen, bitte');
    expect((await core.getState(de))!.language).toBe('de');
    expect(adapter.last(de)!.text).toContain(t('de', 'queue.keepWriting'));

    const zh = fresh();
    await say(zh, '我要人工客服');
    expect((await core.getState(zh))!.language).toBe('zh');
    expect(adapter.last(zh)!.text).toContain(t('zh', 'queue.keepWriting'));
  });

  it('a question in a language the KB lacks gets a person offered in that language, not a wrong-language guess', async () => {
    const { adapter, say } = buildCore();
    const address = fresh();
    await say(address, 'Hur fungerar delbetalning när jag handlar hos er?');
    expect(adapter.last(address)!.text).toBe(t('sv', 'language.kbMissing'));
    expect(adapter.last(address)!.choices!.map((c) => c.label)).toEqual([t('sv', 'choice.talkToPerson')]);
  });

  it('the platform locale decides a first message too short to read', async () => {
    const { adapter, say } = buildCore();
    const address = fresh();
    await say(address, 'hola', { customer: { id: 'c', displayName: 'Ana', locale: 'es-MX' } });
    expect(adapter.last(address)!.text).toBe(t('es', 'smallTalk.greeting'));
  });
});

describe('waiting is a state the customer controls', () => {
  it('every waiting message offers the three buttons; never mind asks once, then the handoff is withdrawn', async () => {
    const { adapter, handoff, core, say } = buildCore();
    const address = fresh();
    await say(address, 'I want to talk to a real person');
    const ids = (i: number) => adapter.to(address)[i].choices?.map((c) => c.id);
    expect(ids(0)).toEqual([CHOICE_KEEP_WAITING, CHOICE_BACK_TO_ASSISTANT, CHOICE_LEAVE_MESSAGE]);

    await say(address, 'my order number is 4411');
    expect(adapter.last(address)!.choices!.map((c) => c.id)).toEqual([CHOICE_KEEP_WAITING, CHOICE_BACK_TO_ASSISTANT, CHOICE_LEAVE_MESSAGE]);

    await say(address, "never mind, I don't need a person anymore");
    expect(adapter.last(address)!.text).toBe(t('en', 'neverMind.confirm'));
    expect(handoff.withdrawn).toEqual([]);
    await say(address, 'cancel'); // the same wish again is the yes: asked once
    expect(adapter.last(address)!.text).toBe(t('en', 'neverMind.left'));
    expect(handoff.withdrawn).toEqual([{ address, why: 'left_queue' }]);
    expect((await core.getState(address))!.mode).toBe('bot');
    expect(handoff.relayed.map((r) => r.line.text)).toEqual(['my order number is 4411', "never mind, I don't need a person anymore", 'cancel']);

    await say(address, 'how do I return an item?');
    expect(adapter.last(address)!.text).not.toMatch(/passed that on/);
    expect(handoff.relayed).toHaveLength(3); // with the bot again: nothing more goes to staff
  });

  it('never mind in Spanish and the confirm button work the same; keep waiting keeps the place', async () => {
    const { adapter, handoff, say } = buildCore();
    const address = fresh();
    await say(address, 'quiero hablar con una persona, por favor');
    await say(address, 'Keep waiting', { choiceId: CHOICE_KEEP_WAITING });
    expect(adapter.last(address)!.text).toContain(t('es', 'waiting.keptPlace'));
    await say(address, 'ya no hace falta, gracias');
    expect(adapter.last(address)!.text).toBe(t('es', 'neverMind.confirm'));
    await say(address, 'Sí', { choiceId: CHOICE_CONFIRM_LEAVE_QUEUE });
    expect(adapter.last(address)!.text).toBe(t('es', 'neverMind.left'));
    expect(handoff.withdrawn).toEqual([{ address, why: 'left_queue' }]);
  });

  it('"how much longer?" in any language gets the place in line, not a KB answer; a typed yes or no answers "stop waiting?"', async () => {
    const { adapter, handoff, core, say } = buildCore();
    const de = fresh();
    await say(de, 'Ich möchte mit einem Menschen sprechen, bitte');
    await say(de, 'wie lange dauert es noch?');
    const told = adapter.last(de)!;
    expect(told.text).toContain(t('de', 'queue.keepWriting'));
    expect(told.text).not.toContain(t('de', 'waiting.stillComing')); // no FAQ answer ("Rückerstattung" matched before)
    expect(told.choices!.map((c) => c.id)).toEqual([CHOICE_KEEP_WAITING, CHOICE_BACK_TO_ASSISTANT, CHOICE_LEAVE_MESSAGE]);
    await say(de, 'ach, vergiss es');
    expect(adapter.last(de)!.text).toBe(t('de', 'neverMind.confirm'));
    await say(de, 'ja');
    expect(adapter.last(de)!.text).toBe(t('de', 'neverMind.left'));
    expect(handoff.withdrawn).toEqual([{ address: de, why: 'left_queue' }]);
    expect((await core.getState(de))!.mode).toBe('bot');

    const fr = fresh();
    await say(fr, 'je veux parler à un conseiller');
    await say(fr, 'laissez tomber');
    await say(fr, 'non');
    expect(adapter.last(fr)!.text).toContain(t('fr', 'waiting.keptPlace'));
    expect((await core.getState(fr))!.mode).toBe('waiting');
    expect(handoff.withdrawn).toHaveLength(1);

    // "No thanks" typed to "stop waiting?" keeps the place too (it is no "didn't help" here).
    const en = fresh();
    await say(en, 'I want to talk to a person');
    await say(en, 'never mind');
    expect(adapter.last(en)!.text).toBe(t('en', 'neverMind.confirm'));
    await say(en, 'no thanks');
    expect(adapter.last(en)!.text).toContain(t('en', 'waiting.keptPlace'));
    expect((await core.getState(en))!.mode).toBe('waiting');
    expect(handoff.withdrawn).toHaveLength(1);
  });

  it('in words nobody listed: "I sorted it myself" asks once, "nah, I will hold" keeps the place, "am I next?" gets the place in line', async () => {
    const { adapter, handoff, core, say } = buildCore();
    const en = fresh();
    await say(en, 'I want to talk to a person');
    await say(en, 'am i next?');
    expect(adapter.last(en)!.text).toContain(t('en', 'queue.keepWriting'));
    await say(en, 'all good, I worked it out');
    expect(adapter.last(en)!.text).toBe(t('en', 'neverMind.confirm'));
    await say(en, "nah, I'll hold");
    expect(adapter.last(en)!.text).toContain(t('en', 'waiting.keptPlace'));
    expect((await core.getState(en))!.mode).toBe('waiting');

    const it_ = fresh();
    await say(it_, 'vorrei parlare con un operatore');
    await say(it_, 'ho già risolto da solo');
    expect(adapter.last(it_)!.text).toBe(t('it', 'neverMind.confirm'));
    await say(it_, 'sì, va bene');
    expect(adapter.last(it_)!.text).toBe(t('it', 'neverMind.left'));
    expect(handoff.withdrawn).toEqual([{ address: it_, why: 'left_queue' }]);
  });

  it('a clear FAQ question while waiting is answered, the place kept, and still relayed; WAITING_BOT_ANSWERS=off turns it off', async () => {
    const on = buildCore();
    const address = fresh();
    await on.say(address, 'I want to talk to a person');
    await on.say(address, 'how much is the late fee?');
    const reply = on.adapter.last(address)!;
    expect(reply.text).toMatch(/late fee/i);
    expect(reply.text).toContain(t('en', 'waiting.stillComing'));
    expect(on.handoff.relayed.map((r) => r.line.text)).toEqual(['how much is the late fee?']);
    expect((await on.core.getState(address))!.mode).toBe('waiting');

    const off = buildCore({ waitingBotAnswers: false });
    await off.say(address, 'I want to talk to a person');
    await off.say(address, 'how much is the late fee?');
    expect(off.adapter.last(address)!.text).toMatch(/passed that on/);
  });

  it('leave a message: the next message is saved as a follow-up and the bot takes over', async () => {
    const { adapter, handoff, core, say } = buildCore();
    const address = fresh();
    await say(address, 'I want to talk to a person');
    await say(address, 'Leave a message', { choiceId: CHOICE_LEAVE_MESSAGE });
    expect(adapter.last(address)!.text).toBe(t('en', 'followUp.prompt'));
    await say(address, 'Please call me back about order 4411');
    expect(handoff.withdrawn).toEqual([{ address, why: 'left_message' }]);
    expect(handoff.relayed.map((r) => r.line.text)).toContain('Please call me back about order 4411');
    expect(adapter.last(address)!.text).toBe(t('en', 'followUp.saved'));
    expect((await core.getState(address))!.mode).toBe('bot');
  });

  it('after hours: back <day> at <time> (<zone>) in the configured zone, FAQ still answered', async () => {
    const { adapter, handoff, say } = buildCore();
    handoff.staffBackAt = new Date(Date.now() + 26 * 3600_000);
    handoff.staffTimeZone = 'Europe/Paris';
    const address = fresh();
    await say(address, 'I want to talk to a person');
    const told = adapter.last(address)!;
    expect(told.text).toContain('Central European');
    expect(told.text).not.toContain('UTC');
    expect(told.choices!.map((c) => c.id)).toContain(CHOICE_LEAVE_MESSAGE);
    await say(address, 'how much is the late fee?');
    expect(adapter.last(address)!.text).toMatch(/late fee/i);
  });
});

describe('honest off-topic', () => {
  it('two off-topic messages get "I can help with…" and a person button, and page nobody', async () => {
    const { adapter, handoff, say } = buildCore();
    const address = fresh();
    await say(address, "what's the weather in Paris");
    const first = adapter.last(address)!;
    expect(first.text).toMatch(/^I can help with questions about .+\. For anything else, a person can help\.$/);
    expect(first.choices!.map((c) => c.id)).toEqual([CHOICE_PERSON]);
    await say(address, 'write me a poem');
    expect(handoff.requests).toHaveLength(0);
    await say(address, 'I want to talk to a person');
    expect(handoff.requests).toHaveLength(1);
  });
});

describe('"shall I get you a person?" answered by typing', () => {
  it('a typed yes takes the person just offered (no KB in the language, did not help); only right after the offer', async () => {
    const { adapter, handoff, say } = buildCore();
    const ru = fresh();
    await say(ru, 'где мой заказ? я жду уже неделю');
    expect(adapter.last(ru)!.text).toBe(t('ru', 'language.kbMissing'));
    await say(ru, 'да');
    expect(handoff.requests.map((r) => [r.address, r.reason])).toEqual([[ru, 'picked_talk_to_person']]);

    // The off-topic reply says what the bot can help with; it asks nothing, so "ok" there is no yes to a person.
    const en = fresh();
    await say(en, 'what is the capital of France');
    await say(en, 'ok');
    expect(handoff.requests.filter((r) => r.address === en)).toEqual([]);

    const es = fresh();
    await say(es, '¿cuánto cuesta el envío a casa?');
    await say(es, 'no');
    expect(adapter.last(es)!.text).toBe(t('es', 'answer.didNotHelp'));
    await say(es, 'sí');
    expect(handoff.requests.filter((r) => r.address === es).map((r) => r.reason)).toEqual(['picked_talk_to_person']);

    // A yes that answers nothing the bot asked is no request for a person.
    const later = fresh();
    await say(later, 'где мой заказ?');
    await say(later, 'how much is the late fee?');
    await say(later, 'yes');
    expect(handoff.requests.filter((r) => r.address === later)).toEqual([]);
  });
});

describe('small walls', () => {
  it('never the same non-answer twice: ? then ??', async () => {
    const { adapter, say } = buildCore();
    const address = fresh();
    await say(address, '?');
    await say(address, '??');
    const [a, b] = adapter.texts(address);
    expect(b).not.toBe(a);
  });

  it('👍 after an answer is thanks; a bare no after an answer means it did not help', async () => {
    const { adapter, handoff, say } = buildCore();
    const address = fresh();
    await say(address, 'how much is the late fee?');
    await say(address, '👍');
    expect(adapter.last(address)!.text).toBe(t('en', 'smallTalk.thanks'));
    await say(address, 'how do I track my delivery?');
    await say(address, 'no');
    const reply = adapter.last(address)!;
    expect(reply.text).toBe(t('en', 'answer.didNotHelp'));
    expect(reply.choices!.map((c) => c.id)).toContain(CHOICE_PERSON);
    expect(handoff.requests).toHaveLength(0);
  });

  it('a 1★ rating opens a follow-up for staff and tells the customer someone will look at it; the question is in their language', async () => {
    const { adapter, handoff, core, say } = buildCore();
    const address = fresh();
    await say(address, 'quiero hablar con una persona, por favor');
    handoff.claimed.add(address);
    await core.markClaimed(address, 'Alex Morgan');
    await core.handBack(address, { askForRating: true });
    expect(adapter.last(address)!.text).toBe(t('es', 'rating.question'));
    await say(address, '★', { choiceId: `${CHOICE_RATING_PREFIX}1` });
    expect(adapter.last(address)!.text).toBe(t('es', 'rating.sorry'));
    expect(handoff.followUps).toMatchObject([{ address, why: 'unhappy_rating', stars: 1, language: 'es' }]);
  });
});

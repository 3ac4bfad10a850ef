/**
 * Moment-dependent short replies in the ten languages: "never mind" while waiting, "no" after an answer, a typed
 * "yes", a question about the wait itself, and bare emoji reactions. Questions that merely contain such words are not caught.
 */
import { asksAboutTheWait, emojiReaction, isNeverMind, isNo, isNoThanks, isYes } from '../core/i18n/phrases';

describe('never mind (leave the queue)', () => {
  it.each([
    ['en', ["never mind, I don't need a person anymore", 'cancel', 'ok never mind', 'no need', 'Forget it', 'nvm']],
    ['es', ['da igual', 'olvídalo', 'ya no hace falta', 'cancelar', 'Bueno, no hace falta']],
    ['fr', ['laisse tomber', 'pas besoin', 'annuler', "c'est réglé", 'déjà réglé, merci']],
    ['de', ['vergiss es', 'nicht mehr nötig', 'abbrechen', 'hat sich erledigt']],
    ['pt', ['deixa pra lá', 'não precisa', 'cancelar', 'esquece']],
    ['it', ['lascia perdere', 'lascia stare', 'non serve più', 'annulla']],
    ['nl', ['laat maar', 'hoeft niet meer', 'annuleren']],
    ['sv', ['glöm det', 'strunta i det', 'strunt i det', 'avbryt']],
    ['zh', ['算了', '不用了，谢谢', '取消']],
    ['ru', ['неважно', 'уже не надо', 'отмена', 'Ладно, не нужно']],
  ])('%s', (_language, texts) => {
    for (const text of texts as string[]) expect([text, isNeverMind(text)]).toEqual([text, true]);
  });

  it('is not a question that happens to contain "cancel"', () => {
    for (const text of ['cancel my order', 'how do I cancel an order?', 'cancelar mi pedido', 'annuler ma commande', 'Bestellung abbrechen', '取消订单', 'отменить заказ', 'where is my refund', 'stop my order before it ships']) {
      expect([text, isNeverMind(text)]).toEqual([text, false]);
    }
  });
});

describe('"no" after an answer', () => {
  it('in every language, as the whole message', () => {
    for (const text of ['no', 'Nope', 'not really', "that didn't help", 'no me sirve', 'non', 'nein', 'não', 'nee', 'nej', 'нет', 'не помогло', '不是', '不对']) {
      expect([text, isNo(text)]).toEqual([text, true]);
    }
  });

  it('not when it starts a new question, and not "no thanks" (a polite "nothing else")', () => {
    for (const text of ['no, where is my refund?', 'no thanks', 'no gracias', 'nein danke', 'how do I say no to a payment', '不用了谢谢']) {
      expect([text, isNo(text)]).toEqual([text, false]);
    }
  });
});

describe('"no thanks" to what the bot offered', () => {
  it('in every language, as the whole message', () => {
    for (const text of ['no thanks', 'No thank you', "I'll wait", 'no gracias', 'prefiero esperar', 'non merci', "j'attends", 'nein danke', 'ich warte', 'não, obrigado', 'no grazie', 'nee, dank je', 'nej tack', 'нет, спасибо', 'я подожду', '我再等等']) {
      expect([text, isNoThanks(text)]).toEqual([text, true]);
    }
  });

  it('not a sentence that goes on', () => {
    for (const text of ['no thanks, where is my refund?', 'nein danke, aber wo ist mein Paket', 'thanks', 'no']) expect([text, isNoThanks(text)]).toEqual([text, false]);
  });
});

describe('emoji reactions', () => {
  it('👍 and friends are thanks, 👎 is negative, anything else nothing', () => {
    for (const text of ['👍', '👍👍', '👍🏽', '🙏', '❤️', ' 👌 ', '🙂']) expect([text, emojiReaction(text)]).toEqual([text, 'thanks']);
    for (const text of ['👎', '😞', '👎🏻']) expect([text, emojiReaction(text)]).toEqual([text, 'negative']);
    for (const text of ['', 'ok', '👍 but where is my refund', '🤔', '?']) expect([text, emojiReaction(text)]).toEqual([text, undefined]);
  });
});

describe('a typed "yes"', () => {
  it('in every language, as the whole message', () => {
    for (const text of ['yes', 'Yes please', 'yep, go ahead', 'sure', 'sí', 'Claro', 'oui', "d'accord", 'ja', 'Ja, bitte', 'sim', 'certo', 'jazeker', 'visst', 'да', 'Конечно', '好的', '是的']) {
      expect([text, isYes(text)]).toEqual([text, true]);
    }
  });

  it('is not a sentence that starts with yes', () => {
    for (const text of ['yes I want to cancel my order', 'sí, ¿dónde está mi reembolso?', 'ja aber wo ist meine Bestellung', 'no', 'nein', '不']) {
      expect([text, isYes(text)]).toEqual([text, false]);
    }
  });
});

describe('a question about the wait itself', () => {
  it.each([
    ['en', ['how much longer?', 'How long do I have to wait?', 'when will someone answer me', 'am I still in the queue?', "what's my position", 'is anyone coming', 'hello?? anyone?', 'is anybody there']],
    ['es', ['¿cuánto más tengo que esperar?', '¿cuánto tiempo más tengo que esperar?', 'cuánto falta', '¿cuándo me atienden?', 'sigo en la cola?']],
    ['fr', ['Combien de temps dois-je attendre ?', 'encore longtemps ?', "quand est-ce que quelqu'un va me répondre", "quel est le temps d'attente", 'je suis toujours dans la file ?']],
    ['de', ['wie lange dauert es noch?', 'wie lange muss ich noch warten', 'wann meldet sich jemand?', 'wie ist die Wartezeit']],
    ['pt', ['quanto tempo falta?', 'quando vou ser atendido?', 'ainda estou na fila?']],
    ['it', ['quanto manca?', 'quanto devo aspettare?', 'quando arriva qualcuno?']],
    ['nl', ['hoe lang nog?', 'hoe lang moet ik nog wachten', 'wanneer komt er iemand']],
    ['sv', ['hur länge måste jag vänta?', 'när kommer någon?', 'hur lång är väntetiden', 'står jag fortfarande i kö?']],
    ['ru', ['сколько ещё ждать?', 'долго ещё?', 'когда ответят?']],
    ['zh', ['还要等多久？', '什么时候有人来', '排到我了吗', '我还在排队吗？']],
  ])('%s', (_language, texts) => {
    for (const text of texts as string[]) expect([text, asksAboutTheWait(text)]).toEqual([text, true]);
  });

  it('is not a knowledge-base question about how long something else takes', () => {
    for (const text of ['how long does a refund take?', 'how long does delivery take', '¿cuánto tarda el reembolso?', 'combien de temps prend la livraison', 'wie lange dauert die Lieferung?', 'quanto tempo demora o reembolso', 'hoe lang duurt de levering', 'сколько идёт доставка', '退款要多久']) {
      expect([text, asksAboutTheWait(text)]).toEqual([text, false]);
    }
  });
});

/**
 * Beyond the listed phrases, the shapes these replies take, so that wordings nobody listed are read too: "I
 * solved it myself" and "I don't need anyone anymore" as never mind, a "no" and a few words about staying as
 * "keep my place", a yes and a few confirming words as yes, and words only the queue has (my turn, ahead of me,
 * still there) as a question about the wait.
 */
describe('the shapes of waiting replies, in wordings not listed', () => {
  it.each([
    ['never mind', isNeverMind, ['problem solved, thanks anyway', 'all good, I worked it out', 'no hace falta ya, lo he solucionado', "c'est bon, j'ai réglé le souci", 'passt schon, hab es selbst gelöst', 'tudo certo, já resolvi', 'tutto ok, ho sistemato', 'is goed, het is gelukt', 'det är fixat nu', '没事了，我自己弄好了', 'всё, сам справился', "I don't need anyone anymore thanks", 'No, I solved it']],
    ['keep my place', (t: string) => isNo(t) || isNoThanks(t), ["no, I'll hold", "nope, I'll stay in the queue", 'no, prefiero seguir esperando', 'non, je préfère attendre', 'nein, ich warte lieber', 'não, prefiro esperar', 'no, preferisco aspettare', 'nee, ik blijf wachten', 'nej, jag stannar kvar', '不，我还是等吧', 'нет, я лучше подожду']],
    ['yes', isYes, ['yes I want to leave the queue', 'yep, leave it', 'sure why not', 'sí, quiero salir', 'oui je veux bien', 'ja, bitte abbrechen', 'sim, por favor', 'sì, va bene', 'ja, doe maar', 'ja, gärna', '行，取消', 'да, выйти из очереди']],
    ['about the wait', asksAboutTheWait, ['how much time left?', 'is somebody going to pick this up', 'am i next?', '¿me queda mucho?', '¿cuántos hay antes que yo?', 'je suis le combientième ?', 'wann komme ich dran?', 'dauert das noch lange?', 'falta quanto tempo?', 'manca tanto?', 'hoeveel wachtenden zijn er nog?', 'hur många står före mig?', '还有多久轮到我', 'сколько ещё человек в очереди?']],
  ] as [string, (text: string) => boolean, string[]][])('%s', (_meaning, read, texts) => {
    for (const text of texts) expect([text, read(text)]).toEqual([text, true]);
  });

  it('but not the same words saying the opposite, or a new question', () => {
    for (const text of ['it is still not fixed', 'the problem is not solved', 'no se ha resuelto nada', 'das Problem ist nicht gelöst', 'не решили мою проблему', '还没解决', 'did you fix it?', 'I lost my card']) {
      expect([text, isNeverMind(text)]).toEqual([text, false]);
    }
    for (const text of ['sure, but first tell me the fee', 'yes but why was I charged?', '是不是要等很久']) expect([text, isYes(text)]).toEqual([text, false]);
    for (const text of ['nope, the card is blocked', 'nein, ich will mein Geld zurück']) expect([text, isNoThanks(text)]).toEqual([text, false]);
    for (const text of ['how long for a refund?', 'what is the line of credit limit', 'how much time do I have to return an item', 'where is my order']) {
      expect([text, asksAboutTheWait(text)]).toEqual([text, false]);
    }
  });
});

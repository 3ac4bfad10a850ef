/**
 * Moment-dependent short replies in the ten languages: "never mind" while waiting, "no" after an answer, and
 * bare emoji reactions. Questions that merely contain such words are not caught.
 */
import { emojiReaction, isNeverMind, isNo } from '../core/i18n/phrases';

describe('never mind (leave the queue)', () => {
  it.each([
    ['en', ["never mind, I don't need a person anymore", 'cancel', 'ok never mind', 'no need', 'Forget it', 'nvm']],
    ['es', ['da igual', 'olvídalo', 'ya no hace falta', 'cancelar', 'Bueno, no hace falta']],
    ['fr', ['laisse tomber', 'pas besoin', 'annuler', "c'est réglé"]],
    ['de', ['vergiss es', 'nicht mehr nötig', 'abbrechen', 'hat sich erledigt']],
    ['pt', ['deixa pra lá', 'não precisa', 'cancelar', 'esquece']],
    ['it', ['lascia perdere', 'non serve più', 'annulla']],
    ['nl', ['laat maar', 'hoeft niet meer', 'annuleren']],
    ['sv', ['glöm det', 'strunta i det', 'avbryt']],
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

describe('emoji reactions', () => {
  it('👍 and friends are thanks, 👎 is negative, anything else nothing', () => {
    for (const text of ['👍', '👍👍', '👍🏽', '🙏', '❤️', ' 👌 ', '🙂']) expect([text, emojiReaction(text)]).toEqual([text, 'thanks']);
    for (const text of ['👎', '😞', '👎🏻']) expect([text, emojiReaction(text)]).toEqual([text, 'negative']);
    for (const text of ['', 'ok', '👍 but where is my refund', '🤔', '?']) expect([text, emojiReaction(text)]).toEqual([text, undefined]);
  });
});

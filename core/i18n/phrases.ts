/**
 * Short replies whose meaning depends on the moment, in every supported language, for the conversation flow:
 * "never mind" while waiting for a person (issue 11: asks once, then back to the bot), "no" right after an
 * answer (it didn't help), and a bare emoji reaction (👍 is thanks, 👎 is "didn't help").
 *
 * Phrases are written folded the way core/text.ts `normalize` leaves text (lowercase, no accents, no
 * apostrophes) and are folded again at load, so "olvídalo", "nicht nötig", "не нужно" are found as typed.
 */
import { normalize as fold } from '../text';

/** Found anywhere in the message: clearly "I no longer want a person". */
const NEVER_MIND_ANYWHERE = [
  // en
  'never mind', 'nevermind', 'nvm', 'no need', 'forget it', 'dont need a person', 'dont need anyone', 'dont need a human',
  'dont need help anymore', 'no longer need', 'not needed anymore', 'i figured it out', 'sorted it', 'solved it myself',
  // es
  'da igual', 'olvidalo', 'ya no hace falta', 'no hace falta', 'ya no necesito', 'ya lo solucione', 'dejalo',
  // fr
  'laisse tomber', 'laissez tomber', 'pas besoin', 'plus besoin', 'oubliez', 'cest regle', 'jai trouve',
  // de
  'vergiss es', 'nicht mehr notig', 'nicht notig', 'brauche keinen', 'brauche niemanden', 'hat sich erledigt', 'schon gut',
  // pt
  'deixa pra la', 'deixa para la', 'nao precisa', 'nao preciso mais', 'esquece', 'ja resolvi',
  // it
  'lascia perdere', 'non serve piu', 'non importa', 'non ho piu bisogno', 'ho risolto',
  // nl
  'laat maar', 'hoeft niet meer', 'niet meer nodig', 'al opgelost',
  // sv
  'glom det', 'strunta i det', 'behovs inte', 'behover inte langre', 'redan lost',
  // ru
  'неважно', 'не нужно', 'уже не надо', 'не надо', 'забудьте', 'проехали', 'уже решил',
];
/** Only when they are the whole message ("cancel", not "cancel my order", which is a question for the KB). */
const NEVER_MIND_WHOLE = [
  'cancel', 'stop', 'not anymore', 'cancelar', 'annuler', 'abbrechen', 'egal', 'annulla', 'annuleren', 'avbryt',
  'отмена', 'отменить', 'стоп',
];
/** Chinese: substrings, no word boundaries. */
const NEVER_MIND_CJK = ['算了', '不用了', '不需要了', '没事了', '取消排队', '不用人工'];
const NEVER_MIND_CJK_WHOLE = ['取消', '不用'];

/** "No" right after an answer: it didn't help. Whole message only ("no, I want X" is a new question). */
const NO_WHOLE = [
  'no', 'nope', 'nah', 'not really', 'no it didnt', 'that didnt help', 'didnt help', 'not helpful', 'wrong answer', 'thats not it',
  'no me sirve', 'no me ayudo', 'eso no', 'no es eso', 'non', 'pas vraiment', 'ca maide pas', 'cest pas ca',
  'nein', 'nee', 'nicht wirklich', 'hat nicht geholfen', 'das ist es nicht', 'nao', 'nao ajudou', 'nao e isso',
  'non mi aiuta', 'non proprio', 'non e questo', 'niet echt', 'helpt niet', 'dat is het niet', 'nej', 'inte riktigt',
  'hjalpte inte', 'нет', 'не помогло', 'не то', 'не совсем',
];
const NO_CJK_WHOLE = ['不', '不是', '没用', '没帮助', '不对', '没有帮助', '不是这个'];

/** Filler around the phrase that does not change it ("ok never mind", "no thanks never mind"). */
const FILLER = new Set(['ok', 'okay', 'oh', 'ah', 'well', 'actually', 'please', 'pls', 'then', 'bueno', 'pues', 'vale', 'bon', 'ben', 'alors', 'na', 'gut', 'also', 'ja', 'ta', 'bom', 'allora', 'dan', 'okej', 'ну', 'ладно', 'хорошо']);

const folded = (list: string[]) => list.map((p) => fold(p));
const ANYWHERE = folded(NEVER_MIND_ANYWHERE);
const WHOLE = new Set(folded(NEVER_MIND_WHOLE));
const NO = new Set(folded(NO_WHOLE));

function withoutFiller(text: string): string {
  return fold(text).split(' ').filter((w) => w && !FILLER.has(w)).join(' ');
}

function cjk(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, '');
}

/** "never mind", "cancel", "ya no hace falta", "算了"…: the customer no longer wants a person. */
export function isNeverMind(text: string): boolean {
  const words = fold(text);
  if (ANYWHERE.some((phrase) => (` ${words} `).includes(` ${phrase} `))) return true;
  if (WHOLE.has(withoutFiller(text))) return true;
  const compact = cjk(text);
  return NEVER_MIND_CJK.some((p) => compact.includes(p)) || NEVER_MIND_CJK_WHOLE.includes(compact);
}

/** "no", "nope", "nein", "нет", "不是"… as the whole message: right after an answer, it means it didn't help. */
export function isNo(text: string): boolean {
  return NO.has(withoutFiller(text)) || NO_CJK_WHOLE.includes(cjk(text));
}

const THANKS_EMOJI = /^(?:[👍👌🙏🙌👏✅💯❤️♥️💙💚🧡💛💜🤍😊🙂😀😃😄😁☺️🥰😍🤗🎉👍🏻👍🏼👍🏽👍🏾👍🏿🙏🏻🙏🏼🙏🏽🙏🏾🙏🏿]|\uFE0F|\u200D|[\u{1F3FB}-\u{1F3FF}])+$/u;
const NEGATIVE_EMOJI = /^(?:[👎😞😠😡🙁☹️😕😤]|\uFE0F|[\u{1F3FB}-\u{1F3FF}])+$/u;

/** A message that is only emoji: 👍 🙏 ❤️ read as thanks, 👎 😞 as "didn't help"; anything else undefined. */
export function emojiReaction(text: string): 'thanks' | 'negative' | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') return undefined;
  if (THANKS_EMOJI.test(compact)) return 'thanks';
  if (NEGATIVE_EMOJI.test(compact)) return 'negative';
  return undefined;
}

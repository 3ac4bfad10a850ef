/**
 * Short replies whose meaning depends on the moment, in every supported language, for the conversation flow:
 * "never mind" while waiting for a person (issue 11: asks once, then back to the bot), "no" right after an
 * answer (it didn't help), "yes" to a question the bot asked, a question about the wait itself, and a bare emoji
 * reaction (👍 is thanks, 👎 is "didn't help").
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
  'laisse tomber', 'laissez tomber', 'pas besoin', 'plus besoin', 'oubliez', 'cest regle', 'jai trouve', 'deja regle', 'cest deja regle',
  // de
  'vergiss es', 'nicht mehr notig', 'nicht notig', 'brauche keinen', 'brauche niemanden', 'hat sich erledigt', 'schon gut',
  // pt
  'deixa pra la', 'deixa para la', 'nao precisa', 'nao preciso mais', 'esquece', 'ja resolvi',
  // it
  'lascia perdere', 'lascia stare', 'non serve piu', 'non importa', 'non ho piu bisogno', 'ho risolto',
  // nl
  'laat maar', 'hoeft niet meer', 'niet meer nodig', 'al opgelost',
  // sv
  'glom det', 'strunta i det', 'strunt i det', 'skit samma', 'behovs inte', 'behover inte langre', 'redan lost',
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

/**
 * "No thanks" to a question the bot asked ("Do you want to stop waiting?"). Not a "didn't help" after an answer:
 * there it means the customer needs nothing more.
 */
const NO_THANKS_WHOLE = [
  'no thanks', 'no thank you', 'no thx', 'no i will wait', 'ill wait', 'i will wait', 'no ill wait', 'no keep me in line',
  'no gracias', 'no espero', 'prefiero esperar', 'non merci', 'je vais attendre', 'jattends', 'nein danke', 'ich warte',
  'nao obrigado', 'nao obrigada', 'eu espero', 'no grazie', 'aspetto', 'nee dank je', 'nee bedankt', 'ik wacht',
  'nej tack', 'jag vantar', 'нет спасибо', 'я подожду',
];
const NO_THANKS_CJK_WHOLE = ['不了谢谢', '我再等等', '我等着'];

/** Filler around the phrase that does not change it ("ok never mind", "no thanks never mind"). */
const FILLER = new Set(['ok', 'okay', 'oh', 'ah', 'well', 'actually', 'please', 'pls', 'then', 'bueno', 'pues', 'vale', 'bon', 'ben', 'alors', 'na', 'gut', 'also', 'ja', 'ta', 'bom', 'allora', 'dan', 'okej', 'ну', 'ладно', 'хорошо']);

const folded = (list: string[]) => list.map((p) => fold(p));
const ANYWHERE = folded(NEVER_MIND_ANYWHERE);
const WHOLE = new Set(folded(NEVER_MIND_WHOLE));
const NO = new Set(folded(NO_WHOLE));
const NO_THANKS = new Set(folded(NO_THANKS_WHOLE));

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

/** "No thanks", "nein danke", "я подожду"… as the whole message: declining what the bot just offered. */
export function isNoThanks(text: string): boolean {
  return NO_THANKS.has(withoutFiller(text)) || NO_THANKS_CJK_WHOLE.includes(cjk(text));
}

/** "Yes" as the whole message, e.g. to "Do you want to stop waiting?" (typed instead of pressing the button). */
const YES_WHOLE = [
  'yes', 'yeah', 'yep', 'yup', 'y', 'sure', 'ok', 'okay', 'yes please', 'please do', 'go ahead', 'yes thanks', 'correct',
  'yes go ahead', 'yep go ahead', 'yeah go ahead', 'go on', 'do it', 'yes do it', 'sure thing',
  'si', 'claro', 'vale', 'de acuerdo', 'si por favor', 'si gracias', 'oui', 'ouais', 'daccord', 'oui merci', 'volontiers',
  'ja', 'jawohl', 'genau', 'ja bitte', 'ja gerne', 'sim', 'pode ser', 'sim obrigado', 'certo', 'va bene', 'si grazie',
  'jazeker', 'prima', 'graag', 'ja graag', 'japp', 'visst', 'garna', 'ja tack', 'да', 'конечно', 'давай', 'ага', 'да спасибо',
];
const YES_CJK_WHOLE = ['是', '是的', '好', '好的', '对', '可以', '嗯', '行'];
const YES = new Set(folded(YES_WHOLE));

/** "yes", "sí", "oui", "ja", "да", "好的"… as the whole message. */
export function isYes(text: string): boolean {
  return YES.has(fold(text)) || YES_CJK_WHOLE.includes(cjk(text));
}

/**
 * A question about the wait itself ("how much longer?", "wie lange dauert es noch?", "还要等多久"): while waiting it
 * is answered with the place in line and the expected wait, not matched against the KB ("how long does a refund
 * take" is a KB question: these patterns need the wait, the queue or someone coming).
 */
const WAIT_QUESTIONS: RegExp[] = [
  // en
  /\bhow (much )?long(er)? (do|will|must|should|shall) i (have to |need to )?(wait|be waiting)\b/, /\bhow much longer\b/,
  /\bhow long (is|will be) (the|this|my) (wait|queue|line)\b/, /\bhow long (until|till|before) (someone|somebody|a person|an agent|a human|i get|i am|im|you)\b/,
  /\bwhen (will|is|does) (someone|somebody|a person|an agent|a human|anyone|anybody|staff)( going to)? (come|answer|reply|be|get|join|pick|help)/,
  /\b(is anyone|is someone|is anybody|anyone|someone) (coming|there yet)\b/, /^(hello|hi|hey|helo|hallo)?( )?(is )?(anyone|anybody|someone|somebody)( there| here| around)?$/, /\b(am i|are you|is it) still (in the queue|in line|waiting)\b/,
  /\bwhere am i in (the )?(queue|line)\b/, /\bmy (position|place|spot) in (the )?(queue|line)\b/, /\bwhat( is|s) (the|my) (wait|waiting time|wait time|position)\b/,
  /\b(still waiting|waiting time|wait time)\b/,
  // es
  /\bcuanto (tiempo )?(mas )?(tengo|hay|tendre|voy a tener) que esperar\b/, /\bcuanto (falta|queda|tardan en atenderme|tardais)\b/, /\bcuando me (atiende|atienden|atenderan|van a atender|contestan)\b/,
  /\b(sigo|estoy) en (la )?(cola|espera)\b/, /\b(tiempo de espera|mi (posicion|lugar|turno) en la cola)\b/,
  // fr
  /\bcombien de temps (dois je|je dois|encore|reste t il|faut il|vais je) ?(attendre)?\b/, /\bencore longtemps\b/,
  /\bquand (est ce que )?(quelqu ?un|un conseiller|une personne) (va|vient|arrive|me repond)/, /\b(temps d ?attente|ma place dans la file|toujours en attente|toujours dans la file)\b/,
  // de
  /\bwie lange (noch|dauert es noch|muss ich (noch )?warten|soll ich (noch )?warten)\b/, /\bwann (kommt|meldet sich|antwortet) (jemand|ein mensch|ein mitarbeiter|endlich)\b/,
  /\b(wartezeit|warteschlange|noch in der schlange)\b/,
  // pt
  /\bquanto tempo (falta|mais|tenho que esperar|vou (ter que )?esperar|ainda)\b/, /\bquando (vou ser atendid[oa]|alguem vai|vao me atender)\b/, /\b(tempo de espera|ainda (estou )?na fila)\b/,
  // it
  /\bquanto (manca|devo (ancora )?aspettare|ci vuole ancora|tempo devo)\b/, /\bquando (arriva qualcuno|mi rispondete|qualcuno mi risponde)\b/, /\b(tempo di attesa|ancora in coda)\b/,
  // nl
  /\bhoe lang (nog|moet ik (nog )?wachten|duurt het nog)\b/, /\bwanneer (komt er iemand|word ik geholpen)\b/, /\b(wachttijd|nog in de wachtrij)\b/,
  // sv
  /\bhur (lange|lang tid) (till|maste jag vanta|drojer det|ska jag vanta)\b/, /\bnar kommer (nagon|det nagon)\b/, /\b(vantetid(en)?|fortfarande i kon?)\b/,
  // ru
  /(сколько (ещё |еще )?(ждать|мне ждать|времени ждать)|долго (ещё|еще)|когда (мне )?(ответят|подключится|кто-нибудь|оператор)|время ожидания|я (ещё|еще) в очереди)/,
];
const WAIT_QUESTIONS_CJK = ['还在排队', '还要等多久', '要等多久', '等多久', '什么时候有人', '排到我了吗', '还要排多久', '多久才有人', '还要多久'];

export function asksAboutTheWait(text: string): boolean {
  const words = fold(text);
  const compact = cjk(text);
  return WAIT_QUESTIONS.some((pattern) => pattern.test(words)) || WAIT_QUESTIONS_CJK.some((p) => compact.includes(p));
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

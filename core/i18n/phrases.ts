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

const folded = (list: string[]) => list.map((p) => fold(p));

/** One of `alternatives` as whole words of folded text (words there are separated by single spaces, any script). */
const wordsPattern = (alternatives: string[]) => new RegExp(`(?<![^ ])(?:${alternatives.join('|')})(?![^ ])`, 'u');

/** Found anywhere in the message: clearly "I no longer want a person". */
const NEVER_MIND_ANYWHERE = [
  // en
  'never mind', 'nevermind', 'nvm', 'no need', 'forget it', 'dont need a person', 'dont need anyone', 'dont need a human',
  'dont need help anymore', 'no longer need', 'not needed anymore', 'i figured it out', 'sorted it', 'solved it myself',
  'its fine now', 'its ok now', 'its okay now', 'all good now', 'all sorted', 'im good now', 'dont worry about it', 'its sorted',
  // es
  'da igual', 'olvidalo', 'ya no hace falta', 'no hace falta', 'ya no necesito', 'ya lo solucione', 'dejalo', 'ya esta resuelto', 'ya se soluciono',
  // fr
  'laisse tomber', 'laissez tomber', 'pas besoin', 'plus besoin', 'oubliez', 'cest regle', 'jai trouve', 'deja regle', 'cest deja regle', 'cest resolu', 'probleme resolu',
  // de
  'vergiss es', 'nicht mehr notig', 'nicht notig', 'brauche keinen', 'brauche niemanden', 'hat sich erledigt', 'schon gut', 'ist erledigt', 'hat sich geklart',
  // pt
  'deixa pra la', 'deixa para la', 'nao precisa', 'nao preciso mais', 'esquece', 'ja resolvi', 'ja esta resolvido', 'ja se resolveu',
  // it
  'lascia perdere', 'lascia stare', 'non serve piu', 'non importa', 'non ho piu bisogno', 'ho risolto', 'tutto risolto', 'si e risolto',
  // nl
  'laat maar', 'hoeft niet meer', 'niet meer nodig', 'al opgelost', 'is al gelukt', 'het is al goed',
  // sv
  'glom det', 'strunta i det', 'strunt i det', 'skit samma', 'behovs inte', 'behover inte langre', 'redan lost', 'det loste sig', 'det ar lost',
  // ru
  'неважно', 'не нужно', 'уже не надо', 'не надо', 'забудьте', 'проехали', 'уже решил', 'уже решила', 'вопрос решен',
  'уже не актуально', 'все решилось',
];
/** Only when they are the whole message ("cancel", not "cancel my order", which is a question for the KB). */
const NEVER_MIND_WHOLE = [
  'cancel', 'stop', 'not anymore', 'cancelar', 'annuler', 'abbrechen', 'egal', 'annulla', 'annuleren', 'avbryt',
  'отмена', 'отменить', 'стоп',
];
/** Chinese: substrings, no word boundaries. */
const NEVER_MIND_CJK = ['算了', '不用了', '不需要了', '没事了', '取消排队', '不用人工', '已经解决了', '问题解决了'];
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
const NO_THANKS_CJK_WHOLE = ['不了谢谢', '我再等等', '我等着', '不用我等', '不了我等', '我等', '我继续等', '继续等', '不我等'];

/** A "no" that may start a "no thanks": "nope, keep me in line", "nein, ich warte", "нет, подожду". */
const NO_WORDS = new Set(folded(['no', 'nope', 'nah', 'non', 'nein', 'nee', 'nao', 'nej', 'нет', 'не']));
/** Politeness that may follow that "no" ("no thanks", "nein danke"). */
const POLITE = new Set(folded(['thanks', 'thank you', 'thx', 'gracias', 'merci', 'danke', 'obrigado', 'obrigada', 'grazie', 'bedankt', 'dank je', 'tack', 'спасибо']));

/** Filler around the phrase that does not change it ("ok never mind", "no thanks never mind"). */
const FILLER = new Set(['ok', 'okay', 'oh', 'ah', 'well', 'actually', 'please', 'pls', 'then', 'bueno', 'pues', 'vale', 'bon', 'ben', 'alors', 'na', 'gut', 'also', 'ja', 'ta', 'bom', 'allora', 'dan', 'okej', 'ну', 'ладно', 'хорошо']);

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

/**
 * Besides the phrases, two shapes of "I no longer need a person", in a short message without a question: the
 * customer solved it ("I sorted it myself", "ya lo arreglé", "ho già risolto", "сам разобрался"), or no longer
 * needs anyone ("don't need anyone anymore", "brauche doch keine Hilfe mehr", "pas la peine finalement"). A
 * negation just before the verb ("still not fixed", "no se ha resuelto", "не решили") keeps the customer waiting.
 * A false reading costs one question ("Stop waiting?"), a missed one a customer who waits for nothing.
 */
const SOLVED = wordsPattern([
  'solved', 'fixed', 'sorted', 'figured', 'resolved', 'handled', 'worked it out', 'arregle', 'arreglado',
  'solucione', 'solucionado', 'resolvi', 'resuelto', 'resolu', 'regle', 'reglee', 'gelost', 'erledigt', 'geschafft',
  'hinbekommen', 'geklart', 'consegui', 'resolvido', 'arrumei', 'risolto', 'sistemato', 'opgelost', 'gelukt',
  'geregeld', 'loste', 'fixat', 'fixade', 'ordnat', 'разобрался', 'разобралась', 'решил', 'решила', 'решено',
  'справился', 'справилась', 'получилось',
]);
const NO_LONGER_NEEDED = wordsPattern([
  '(dont|do not|no longer|wont|doesnt|dont even) need',
  'no (need|longer necessary)',
  'ya no (necesito|hace falta|es necesario)',
  'pas (la peine|besoin|necessaire)',
  'plus besoin',
  'brauche (doch |jetzt |wohl |gar )?(keine|keinen|niemand\\p{L}*|nichts)',
  'nicht (mehr )?notig',
  'nao (preciso|precisa|e preciso)',
  'non (ho )?(piu )?bisogno',
  'non (serve|e necessario)',
  'niet (meer )?nodig',
  'hoeft niet',
  'behov(er|s) (inte|ingen)',
  'не (нужно|надо|нужен|нужна|требуется)',
]);
const NEGATION = new Set(folded(['not', 'never', 'hasnt', 'havent', 'isnt', 'wasnt', 'didnt', 'cant', 'still', 'no', 'nicht', 'nie', 'noch', 'pas', 'jamais', 'nao', 'non', 'niet', 'inte', 'не', 'ни', 'todavia', 'aun', 'ancora', 'ainda', 'nog', 'fortfarande', 'ещё', 'еще']));
const SOLVED_CJK = ['搞定了', '解决了', '弄好了', '自己解决', '处理好了', '好了不用'];
const NOT_SOLVED_CJK = ['没解决', '没有解决', '还没', '没搞定', '没弄好'];

function solvedOrNoLongerNeeded(text: string, words: string): boolean {
  if (text.includes('?') || text.includes('？')) return false;
  const list = words.split(' ');
  if (list.length > 12) return false;
  if (NO_LONGER_NEEDED.test(words)) return true;
  const solved = SOLVED.exec(words);
  if (solved) {
    const start = words.slice(0, solved.index).trim();
    const before = start ? start.split(' ') : [];
    // "No, I solved it": a "no" set apart by a comma at the start is an interjection, not a negation of the verb.
    if (before.length > 0 && /^\s*\p{L}+\s*[,.!;:]/u.test(text)) before.shift();
    return !before.slice(-3).some((w) => NEGATION.has(w));
  }
  const compact = cjk(text);
  return SOLVED_CJK.some((p) => compact.includes(p)) && !NOT_SOLVED_CJK.some((p) => compact.includes(p));
}

/** "never mind", "cancel", "ya no hace falta", "算了", "I sorted it myself"…: the customer no longer wants a person. */
export function isNeverMind(text: string): boolean {
  const words = fold(text);
  if (ANYWHERE.some((phrase) => (` ${words} `).includes(` ${phrase} `))) return true;
  if (WHOLE.has(withoutFiller(text))) return true;
  const compact = cjk(text);
  if (NEVER_MIND_CJK.some((p) => compact.includes(p)) || NEVER_MIND_CJK_WHOLE.includes(compact)) return true;
  return solvedOrNoLongerNeeded(text, words);
}

/** "no", "nope", "nein", "нет", "不是"… as the whole message: right after an answer, it means it didn't help. */
export function isNo(text: string): boolean {
  return NO.has(withoutFiller(text)) || NO_CJK_WHOLE.includes(cjk(text));
}

/** "No thanks", "nein danke", "я подожду"… as the whole message: declining what the bot just offered. */
export function isNoThanks(text: string): boolean {
  const words = withoutFiller(text);
  if (NO_THANKS.has(words) || NO_THANKS_CJK_WHOLE.includes(cjk(text))) return true;
  const [first, ...rest] = words.split(' ');
  if (NO_WORDS.has(first) && rest.length > 0) {
    let after = rest.join(' ');
    for (const polite of POLITE) after = ` ${after} `.replace(` ${polite} `, ' ').trim();
    // "no thanks", or a "no" and a few words about staying ("nein, ich warte", "nah I'm fine waiting").
    if (after === '' || (rest.length <= 6 && STAYING.test(after) && !NO_LONGER_NEEDED.test(after))) return true;
  }
  const compact = cjk(text);
  return /^(不|不了|不用|不要)/.test(compact) && compact.length <= 8 && /等/.test(compact);
}

/** A word about staying in line, in every language ("waiting", "wacht", "esperar", "ждать", "bleibe"). */
const STAYING = wordsPattern([
  'wait\\p{L}*', 'stay\\p{L}*', 'hold', 'hold on', 'hang on', 'keep (me|my)', 'in line', 'queue', 'espero',
  'esperar', 'esperando', 'espera', 'quedo', 'attends', 'jattends', 'attendre', 'patiente', 'reste', 'warte\\p{L}*', 'bleibe',
  'esperarei', 'fico', 'aspett\\p{L}*', 'resto', 'wacht\\p{L}*', 'blijf', 'vantar', 'vanta', 'stannar', 'жд\\p{L}*',
  'подожд\\p{L}*', 'останусь',
]);

/** "Yes" as the whole message, e.g. to "Do you want to stop waiting?" (typed instead of pressing the button). */
const YES_WHOLE = [
  'yes', 'yeah', 'yep', 'yup', 'y', 'sure', 'ok', 'okay', 'yes please', 'please do', 'go ahead', 'yes thanks', 'correct',
  'yes go ahead', 'yep go ahead', 'yeah go ahead', 'go on', 'do it', 'yes do it', 'sure thing',
  'si', 'claro', 'vale', 'de acuerdo', 'si por favor', 'si gracias', 'oui', 'ouais', 'daccord', 'oui merci', 'volontiers',
  'ja', 'jawohl', 'genau', 'ja bitte', 'ja gerne', 'sim', 'pode ser', 'sim obrigado', 'certo', 'va bene', 'si grazie',
  'jazeker', 'prima', 'graag', 'ja graag', 'japp', 'visst', 'garna', 'ja tack', 'да', 'конечно', 'давай', 'ага', 'да спасибо',
  'why not', 'sure why not', 'ok why not', 'por que no', 'pourquoi pas', 'warum nicht', 'por que nao', 'perche no', 'waarom niet',
  'varfor inte', 'почему бы и нет', 'doe maar', 'ja doe maar', 'ja hoor', 'na klar',
];
const YES_CJK_WHOLE = ['是', '是的', '好', '好的', '对', '可以', '嗯', '行', '好吧', '当然', '是的谢谢', '好的谢谢', '可以的', '行吧'];
const YES = new Set(folded(YES_WHOLE));
/**
 * Or a yes said in several words: each word a yes ("yeah sure", "oui bien sûr", "да, давайте") or politeness
 * ("yes please thanks"), at least one of them a yes.
 */
const YES_WORDS = new Set(folded([
  'yes', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'absolutely', 'definitely', 'certainly', 'correct', 'right', 'alright', 'si', 'claro',
  'vale', 'supuesto', 'oui', 'ouais', 'daccord', 'volontiers', 'ja', 'jawohl', 'genau', 'klar', 'gerne', 'naturlich', 'sim', 'certo',
  'certamente', 'sicuro', 'jazeker', 'natuurlijk', 'zeker', 'prima', 'graag', 'japp', 'visst', 'absolut', 'garna', 'да',
  'конечно', 'давай', 'давайте', 'ага', 'хорошо', 'ладно',
]));
const YES_FILLER = new Set(folded(['please', 'pls', 'thanks', 'thank', 'you', 'of', 'course', 'go', 'ahead', 'por', 'favor', 'gracias', 'bien', 'sur', 'merci', 'bitte', 'danke', 'obrigado', 'obrigada', 'com', 'certeza', 'grazie', 'tack', 'dank', 'je', 'пожалуйста', 'спасибо', 'do', 'it', 'that']));

/** "yes", "sí", "oui", "ja", "да", "好的", "yeah sure", "da, davaite"… as the whole message. */
export function isYes(text: string): boolean {
  const words = fold(text);
  if (YES.has(words) || YES_CJK_WHOLE.includes(cjk(text))) return true;
  const parts = words.split(' ');
  if (parts.length <= 5 && parts.some((w) => YES_WORDS.has(w)) && parts.every((w) => YES_WORDS.has(w) || YES_FILLER.has(w))) return true;
  // A yes and a few words that confirm it ("yes, stop waiting", "yes I am sure", "sim, pode ser", "ja hoor"), with
  // no "but", no negation and no question: a yes followed by a new question is that question.
  // Up to 8 words when they say to stop ("yes, I want to leave the queue"), the question the yes answers.
  const confirms = parts.length <= 4 || (parts.length <= 8 && LEAVING.test(words));
  if (YES_WORDS.has(parts[0]) && confirms && !text.includes('?') && !parts.some((w) => BUT_OR_NOT.has(w))) return true;
  const compact = cjk(text);
  return /^(是的|好的|可以|好|对|行)/.test(compact) && compact.length <= 6 && !/[不没吗]/.test(compact.slice(1));
}

/** Leaving the queue or stopping, in every language (folded). "Cancel" is left out: "yes I want to cancel my order" is a new question, not an answer. */
const LEAVING = wordsPattern([
  'leave', 'leaving', 'stop', 'quit', 'exit', 'get out', 'salir', 'quitter', 'sortir', 'verlassen', 'aufhoren',
  'sair', 'uscire', 'stoppen', 'verlaten', 'lamna', 'sluta', 'выйти', 'выход\\p{L}*', 'хватит',
]);
const BUT_OR_NOT = new Set(folded(['but', 'not', 'no', 'dont', 'pero', 'mais', 'pas', 'aber', 'nicht', 'kein', 'mas', 'nao', 'ma', 'non', 'maar', 'niet', 'men', 'inte', 'но', 'не', 'нет']));

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
  /\bhow many (people|persons|customers|others)( are| is)? (ahead of|in front of|before) me\b/, /\b(any )?(update|news) on when (someone|somebody|a person|an agent|you)\b/,
  /\b(is|are) (anyone|someone|somebody|anybody|you) (going to|gonna) (reply|answer|respond|help|talk to me|get back|pick|take|see|look)/,
  /\b(how much time|time) (is )?(left|remaining|more)\b/, /\b(am i next|is it my turn|whos next|is it me next)\b/, /^(hello )?are you still there$/,
  /\bwhen (will|can|do) i (get to )?(talk|speak|chat) (to|with) (someone|somebody|a person|an agent|a human)\b/,
  // es
  /\bcuanto (tiempo )?(mas )?(tengo|hay|tendre|voy a tener) que esperar\b/, /\bcuanto (falta|queda|tardan en atenderme|tardais)\b/, /\bcuando me (atiende|atienden|atenderan|van a atender|contestan)\b/,
  /\b(sigo|estoy) en (la )?(cola|espera)\b/, /^(y )?(me )?(falta|queda) (mucho|poco|tanto)( todavia| aun)?$/, /\b(falta|queda|tardan) mucho (para que|en) (me )?(atiendan|contesten|atender|responder)/, /\bcuantas personas (hay )?(delante|antes) de mi\b/, /\b(tiempo de espera|mi (posicion|lugar|turno) en la cola)\b/,
  // fr
  /\bcombien de temps (dois je|je dois|encore|reste t il|faut il|vais je) ?(attendre)?\b/, /\bencore longtemps\b/,
  /^(c ?est|ce sera|ca va etre) (encore )?(long|bientot)$/, /\bcombientieme\b/, /\bca va (durer|prendre) (encore )?(longtemps|combien)\b/, /\bcombien de (personnes|clients|gens) (avant|devant) moi\b/,
  /\bquand (est ce que )?(quelqu ?un|un conseiller|une personne) (va|vient|arrive|me repond)/, /\b(temps d ?attente|ma place dans la file|toujours en attente|toujours dans la file)\b/,
  // de
  /\bwie lange (noch|dauert es noch|muss ich (noch )?warten|soll ich (noch )?warten)\b/, /\bwann (kommt|meldet sich|antwortet) (jemand|ein mensch|ein mitarbeiter|endlich)\b/,
  /\b(wartezeit|warteschlange|noch in der schlange)\b/, /\b(bin ich (bald |jetzt |endlich |noch )?dran|wann (bin|komme) ich dran|dauert (es|das) (noch )?lange)\b/,
  /\bwie viele (sind|leute|personen|kunden) (noch )?vor mir\b/,
  // pt
  /\bquanto tempo (falta|mais|tenho que esperar|vou (ter que )?esperar|ainda)\b/, /^(ainda )?(falta|demora) muito( ainda)?$/, /\bfalta quanto( tempo)?\b/,
  /\bquantas pessoas (estao |tem |ha )?(na (minha )?frente|antes de mim)\b/, /\bquando (vou ser atendid[oa]|alguem vai|vao me atender)\b/, /\b(tempo de espera|ainda (estou )?na fila)\b/,
  // it
  /\bquanto (manca|devo (ancora )?aspettare|ci vuole ancora|tempo devo)\b/, /^(manca|ci vuole) (ancora )?(molto|tanto)$/,
  /\bquante persone (ci sono )?(prima di me|davanti a me)\b/, /\bquando (arriva qualcuno|mi rispondete|qualcuno mi risponde)\b/, /\b(tempo di attesa|ancora in coda)\b/,
  // nl
  /\bhoe lang (nog|moet ik (nog )?wachten|duurt het nog)\b/, /\bduurt het nog lang\b/, /\bhoeveel (mensen|klanten) (zijn er )?voor mij\b/, /\bwachtenden\b/, /\bwanneer (komt er iemand|word ik geholpen)\b/, /\b(wachttijd|nog in de wachtrij)\b/,
  // sv
  /\bhur (lange|lang tid) (till|maste jag vanta|drojer det|ska jag vanta)\b/, /\bnar kommer (nagon|det nagon)\b/, /\b(vantetid(en)?|fortfarande i kon?)\b/,
  // ru
  /(сколько (ещё |еще )?(ждать|мне ждать|времени ждать)|долго (ещё|еще)|когда (мне )?(ответят|подключится|кто-нибудь|оператор)|время ожидания|я (ещё|еще) в очереди)/,
  /((ещё|еще) долго|сколько (человек|людей) (передо мной|впереди)|вы (ещё|еще) (здесь|тут)|скоро (мне )?ответят)/,
];
const WAIT_QUESTIONS_CJK = ['还在排队', '还要等多久', '要等多久', '等多久', '什么时候有人', '排到我了吗', '还要排多久', '多久才有人', '还要多久', '前面还有', '前面有多少人', '排第几', '有人在吗', '轮到我了吗', '轮到我', '还有多久', '排到我'];

/**
 * Besides the questions above, words that only make sense about the queue, in every language: my turn, the line
 * or queue, the people ahead of me, "are you still there?"; and a bare "how long?" of a few words, which while
 * waiting can only mean the wait ("how long does a refund take" names its topic and stays a KB question).
 */
const QUEUE_WORDS = wordsPattern([
  'my turn', 'in the queue', 'the queue', 'in line', 'down the line', 'ahead of me', 'in front of me', 'before me',
  'still there', 'mi turno', 'la cola', 'la fila', 'delante de mi', 'antes que yo', 'sigues ahi', 'siguen ahi',
  'estan ahi', 'mon tour', 'la file', 'avant moi', 'devant moi', 'encore la', 'toujours la', 'vous etes la', 'dran',
  'an der reihe', 'schlange', 'vor mir', 'noch da', 'minha vez', 'na fila', 'na minha frente', 'antes de mim',
  'ainda ai', 'ainda esta ai', 'il mio turno', 'in coda', 'prima di me', 'davanti a me', 'ci siete', 'ancora li',
  'mijn beurt', 'aan de beurt', 'wachtrij', 'voor mij', 'nog daar', 'min tur', 'i kon', 'i ko', 'lang ko',
  'fore mig', 'framfor mig', 'kvar dar', 'fortfarande dar', 'очеред\\p{L}*', 'передо мной', 'впереди', 'вы здесь',
  'вы тут', 'вы еще здесь', 'вы еще тут',
]);
const BARE_HOW_LONG = wordsPattern([
  'how long', 'how much longer', 'cuanto (falta|tiempo|tardan|queda)', 'falta mucho', 'combien de temps',
  'cest long', 'wie lange', 'dauert es', 'quanto (tempo|falta)', 'falta muito', 'demora', 'quanto manca',
  'manca molto', 'hoe lang', 'duurt het', 'hur lange', 'hur lang tid', 'drojer det', 'сколько ждать', 'долго',
]);

export function asksAboutTheWait(text: string): boolean {
  const words = fold(text);
  const compact = cjk(text);
  if (WAIT_QUESTIONS.some((pattern) => pattern.test(words)) || WAIT_QUESTIONS_CJK.some((p) => compact.includes(p))) return true;
  const count = words ? words.split(' ').length : 0;
  if (count > 0 && count <= 12 && QUEUE_WORDS.test(words)) return true;
  const howLong = BARE_HOW_LONG.exec(words);
  if (!howLong || count > 6) return false;
  // Nothing but the question itself and small words: "any idea how long?", "¿cuánto falta?", "dauert es noch lange?".
  const rest = `${words.slice(0, howLong.index)} ${words.slice(howLong.index + howLong[0].length)}`.split(' ').filter((w) => w && !WAIT_SMALL_WORDS.has(w));
  return rest.length === 0;
}

const WAIT_SMALL_WORDS = new Set(folded([
  'any', 'idea', 'now', 'still', 'more', 'please', 'so', 'ok', 'hello', 'hi', 'then', 'is', 'it', 'going', 'to', 'take', 'will', 'be', 'this',
  'the', 'wait', 'waiting', 'longer', 'left', 'do', 'i', 'have', 'must', 'roughly', 'about', 'approximately', 'ya', 'todavia', 'aun',
  'mas', 'mucho', 'hay', 'que', 'esperar', 'hola', 'encore', 'reste', 'il', 'faut', 'attendre', 'bonjour', 'noch', 'lange', 'es', 'hallo', 'denn',
  'ungefahr', 'warten', 'ainda', 'mais', 'muito', 'ola', 'ancora', 'molto', 'ciao', 'nog', 'lang', 'het', 'ongeveer', 'wachten', 'det',
  'dar', 'ungefar', 'vanta', 'hej', 'ещё', 'еще', 'мне', 'так', 'ну', 'примерно', 'ждать', 'здравствуйте',
]));

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

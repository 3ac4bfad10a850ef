/**
 * When a person is needed, decided from the customer's own words: an explicit request for a person (in the
 * languages our customers write in, typos included) and frustration. The other rules (a sensitive entry,
 * the same question again, two unsure turns in a row, "Talk to a person" picked) need the conversation's
 * memory and live in the answerer, which calls these.
 *
 * Two layers: explicit rules (phrases and person words, below: precise, and they say exactly what fired), then
 * a classifier over words and character n-grams (understanding/intent.ts) that recognises the same meanings in
 * words the rules never list: other word orders, typos, "put me through to your team", "your bot sucks".
 *
 * Rules here are about how people ask for people, never about any one knowledge base.
 * Phrases are written as `normalize` leaves text: lowercase, no accents, no apostrophes ("dont").
 */
import { normalize as fold } from './text';
import { detectSmallTalk } from './small-talk';
import { IntentModel } from './understanding/intent';

export interface EscalationSignal {
  reason: 'asked_for_person' | 'frustration';
  /** What fired, for logs and for staff: e.g. `"real person"` or `shouting`. */
  evidence: string;
}

/**
 * Phrases that are a request for a person on their own, whatever surrounds them ("customer service",
 * "real person", "转人工"). Matched on folded text at word boundaries.
 */
const STANDALONE_REQUESTS: string[] = [
  // English
  'real person', 'real human', 'live person', 'live agent', 'live chat agent', 'human agent', 'human being',
  'customer service', 'customer support', 'customer care', 'support agent', 'support team', 'service agent',
  'speak to someone', 'talk to someone', 'speak with someone', 'talk with someone',
  'speak to somebody', 'talk to somebody', 'actual person', 'actual human', 'a human please', 'representative',
  // Spanish
  'persona real', 'agente humano', 'atencion al cliente', 'servicio al cliente', 'hablar con alguien', 'con un humano',
  'con una persona', 'con un agente', 'con un operador', 'con un asesor',
  // French
  'vraie personne', 'personne reelle', 'service client', 'un conseiller', 'une conseillere', 'un etre humain',
  'parler a quelquun', 'a un humain', 'a une personne', 'a un agent', 'avec un humain', 'avec une personne',
  // German
  'echte person', 'echten menschen', 'kundenservice', 'kundendienst', 'mitarbeiter sprechen', 'mit einem menschen',
  'mit einer person', 'mit jemandem sprechen', 'mit einem mitarbeiter', 'mit einem berater',
  // Portuguese
  'pessoa real', 'atendente', 'atendimento humano', 'falar com alguem', 'com um humano', 'com uma pessoa',
  'com um agente', 'servico de apoio ao cliente',
  // Italian
  'persona vera', 'persona reale', 'un operatore', 'servizio clienti', 'parlare con qualcuno', 'con un umano',
  'con un essere umano',
  // Dutch
  'echte persoon', 'echt persoon', 'een medewerker', 'klantenservice', 'met een mens', 'met iemand spreken',
  'met iemand praten', 'met een persoon',
  // Swedish
  'riktig person', 'riktig manniska', 'en manniska', 'kundtjanst', 'kundservice', 'prata med nagon',
  'en handlaggare', 'med en person',
  // Russian
  'живой человек', 'живым человеком', 'с человеком', 'с оператором', 'оператора', 'позовите человека',
  'служба поддержки', 'с сотрудником', 'с консультантом',
];

/** CJK requests: matched as substrings, since those scripts do not separate words with spaces. */
const CJK_REQUESTS = ['人工', '真人', '转人工', '客服', '人工服务', '接线员', '오퍼레이터', '상담원', 'オペレーター', '担当者'];

/** Who a customer may ask for. Typos within one edit are accepted for words of five letters or more. */
const PERSON_WORDS = new Set([
  'human', 'person', 'people', 'agent', 'operator', 'someone', 'somebody', 'anyone', 'anybody', 'representative',
  'rep', 'staff', 'employee', 'assistant', 'advisor', 'adviser', 'consultant', 'manager', 'supervisor', 'associate',
  'humano', 'persona', 'agente', 'operador', 'alguien', 'asesor', 'humain', 'personne', 'conseiller', 'quelquun',
  'mensch', 'menschen', 'mitarbeiter', 'berater', 'jemand', 'jemandem', 'pessoa', 'alguem', 'operatore', 'umano',
  'qualcuno', 'mens', 'iemand', 'medewerker', 'persoon', 'manniska', 'nagon', 'handlaggare', 'человек', 'человеком',
  'оператор', 'сотрудник', 'консультант',
]);

/** Ways of reaching someone. A person word plus one of these (or a wish) is a request. */
const CONTACT_WORDS = new Set([
  'talk', 'talking', 'speak', 'speaking', 'chat', 'chatting', 'contact', 'contacting', 'reach', 'reaching',
  'connect', 'connecting', 'call', 'calling', 'transfer', 'hablar', 'contactar', 'parler', 'joindre',
  'sprechen', 'reden', 'kontaktieren', 'falar', 'parlare', 'spreken', 'praten', 'prata', 'tala', 'поговорить',
  'связаться', 'соедините', 'позовите', 'нужен',
]);

/** Wishes that, with a person word, make a request even without a contact verb ("I want a human"). */
const WISH_WORDS = new Set(['want', 'need', 'wanna', 'give', 'quiero', 'necesito', 'veux', 'voudrais', 'will', 'mochte', 'brauche', 'quero', 'preciso', 'voglio', 'wil', 'vill', 'хочу']);

/** Clear expressions of frustration: a person should take over before patience runs out. */
const FRUSTRATION_PHRASES = [
  'useless', 'not helpful', 'unhelpful', 'not helping', 'doesnt help', 'does not help',
  'you dont understand', 'you do not understand', 'not what i asked', 'waste of time',
  'wasting my time', 'stupid bot', 'dumb bot', 'stupid', 'ridiculous', 'terrible', 'worst', 'fed up',
  'sick of', 'this is a joke', 'pointless', 'so angry', 'very angry', 'im angry', 'i am angry', 'furious', 'pissed off',
  'bullshit', 'sucks', 'unacceptable', 'outrageous', 'disgraceful', 'sick and tired', 'tired of waiting', 'had enough', 'makes no sense', 'wtf', 'fuck', 'fucking', 'shit', 'damn it', 'crap',
  'inutil', 'no sirve', 'no me ayuda', 'nul', 'ca ne sert a rien', 'nimporte quoi', 'nutzlos', 'sinnlos',
  'hilft nicht', 'inutile', 'non serve', 'nutteloos', 'helpt niet', 'vardelos', 'hjalper inte',
  'бесполезно', 'не помогает',
];
const CJK_FRUSTRATION = ['没用', '垃圾', '太差'];

/** Multi-word phrases found at word boundaries, indexed by their first word: cost grows with the message, not the list. */
class PhraseSet {
  private readonly byFirstWord = new Map<string, string[][]>();

  constructor(phrases: string[]) {
    for (const phrase of phrases) {
      const words = fold(phrase).split(' ');
      const list = this.byFirstWord.get(words[0]);
      if (list) list.push(words);
      else this.byFirstWord.set(words[0], [words]);
    }
  }

  /** The first phrase found in the (folded) words, as written in the list. */
  find(words: string[]): string | undefined {
    for (let i = 0; i < words.length; i++) {
      for (const phrase of this.byFirstWord.get(words[i]) ?? []) {
        if (phrase.every((word, j) => words[i + j] === word)) return phrase.join(' ');
      }
    }
    return undefined;
  }
}

const STANDALONE = new PhraseSet(STANDALONE_REQUESTS);
const FRUSTRATION = new PhraseSet(FRUSTRATION_PHRASES);

/** Edit distance ≤ 1 (insert, delete, substitute, or swap two neighbours), allocation-free. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < la && j < lb) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (la > lb) i++;
    else if (lb > la) j++;
    else {
      // a swap of neighbours ("agnet") counts as one edit too
      if (a[i + 1] === b[j] && a[i] === b[j + 1]) {
        i += 2;
        j += 2;
        continue;
      }
      i++;
      j++;
    }
  }
  return edits + (la - i) + (lb - j) <= 1;
}

/** Real words one edit away from a person word: never read them as typos ("personal details"). */
const LOOKALIKES = new Set(['personal', 'personally', 'personnel', 'humane', 'agenda', 'agency', 'stuff', 'arent', 'urgent']);

/**
 * A vocabulary that also recognises words within one edit (a letter missing, extra, wrong, or two swapped) of
 * its words of five letters or more. Lookups go through an index of each word's one-letter deletions and swaps,
 * so the cost per word does not grow with the vocabulary; candidates are then verified exactly.
 */
class TypoTolerantVocabulary {
  private readonly exact: Set<string>;
  private readonly neighbours = new Map<string, string[]>();

  constructor(words: Iterable<string>) {
    this.exact = new Set(words);
    for (const word of this.exact) {
      if (word.length < 5) continue;
      for (const key of [word, ...deletions(word), ...swaps(word)]) {
        const list = this.neighbours.get(key);
        if (list) list.push(word);
        else this.neighbours.set(key, [word]);
      }
    }
  }

  has(word: string): boolean {
    if (this.exact.has(word)) return true;
    if (word.length < 5 || LOOKALIKES.has(word)) return false;
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of this.neighbours.get(key) ?? []) if (withinOneEdit(word, candidate)) return true;
    }
    return false;
  }
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function swaps(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  return out;
}

const PERSON = new TypoTolerantVocabulary(PERSON_WORDS);
const CONTACT = new TypoTolerantVocabulary(CONTACT_WORDS);

/** An explicit request for a person, in any of our languages. */
export function detectPersonRequest(text: string): EscalationSignal | undefined {
  for (const phrase of CJK_REQUESTS) {
    if (text.includes(phrase)) return { reason: 'asked_for_person', evidence: phrase };
  }
  const folded = fold(text);
  if (!folded) return undefined;
  const words = folded.split(' ');
  const phrase = STANDALONE.find(words);
  if (phrase) return { reason: 'asked_for_person', evidence: phrase };
  const personAt = words.findIndex((w) => PERSON.has(w));
  if (personAt < 0) return undefined;
  const person = words[personAt];
  // "agent", "a human please", "operator!": a person word that is nearly the whole message.
  if (words.length <= 3) return { reason: 'asked_for_person', evidence: person };
  // The ask must come just before the person ("help me speak with an agent"), so that "someone used my
  // card" or "I need to know if anyone can see my PIN" stay questions for the knowledge base.
  const window = words.slice(Math.max(0, personAt - 4), personAt);
  const asks = window.some((w) => CONTACT.has(w) || WISH_WORDS.has(w));
  return asks ? { reason: 'asked_for_person', evidence: `${window.join(' ')} ${person}`.trim() } : undefined;
}

/** Frustration: angry words, shouting in capitals, or a burst of "?!". */
export function detectFrustration(text: string): EscalationSignal | undefined {
  if (/[?!]{3,}/.test(text.replace(/\s+/g, ''))) return { reason: 'frustration', evidence: 'punctuation burst' };
  const letters = text.replace(/[^\p{L}]/gu, '');
  const upper = text.replace(/[^\p{Lu}]/gu, '');
  // Shouting: a real sentence (not an acronym like "ATM PIN"), nearly all in capitals.
  if (letters.length >= 12 && upper.length / letters.length >= 0.8 && text.trim().split(/\s+/).length >= 3) {
    return { reason: 'frustration', evidence: 'shouting' };
  }
  const phrase = FRUSTRATION.find(fold(text).split(' ')) ?? CJK_FRUSTRATION.find((p) => text.includes(p));
  return phrase ? { reason: 'frustration', evidence: phrase } : undefined;
}

/**
 * The first rule that fires on the words alone; a request for a person wins over frustration. Then the
 * classifier (the given knowledge base's model, or the generic one), whose evidence names the words that
 * decided, e.g. `means a person (0.98): "put me through", "team"`.
 */
export function detectEscalation(text: string, model: IntentModel = IntentModel.generic()): EscalationSignal | undefined {
  const byRule = detectPersonRequest(text) ?? detectFrustration(text);
  if (byRule) return byRule;
  const smallTalk = detectSmallTalk(text);
  if (smallTalk && !smallTalk.rest) return undefined; // "hola", "bonjour": a greeting, never a handoff
  const intent = model.classify(text, ['person', 'frustration']);
  if (!intent) return undefined;
  const words = intent.evidence.map((w) => `"${w}"`).join(', ');
  return intent.label === 'person'
    ? { reason: 'asked_for_person', evidence: `means a person (${intent.probability.toFixed(2)}): ${words}` }
    : { reason: 'frustration', evidence: `reads as frustration (${intent.probability.toFixed(2)}): ${words}` };
}

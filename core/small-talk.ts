/**
 * Greetings, thanks and goodbyes get a short friendly reply: never a handoff, never a wrong FAQ answer.
 * A greeting that comes with a question ("hi, where is my refund?") is not small talk: the greeting is
 * stripped and the question answered.
 */
import { normalize as fold } from './text';

export type SmallTalkKind = 'greeting' | 'thanks' | 'goodbye';

const PHRASES: Record<SmallTalkKind, string[]> = {
  greeting: [
    'hi', 'hello', 'hey', 'heya', 'hiya', 'yo', 'good morning', 'good afternoon', 'good evening', 'morning',
    'hi there', 'hello there', 'hey there', 'greetings', 'howdy', 'hola', 'buenos dias', 'buenas tardes', 'buenas',
    'bonjour', 'bonsoir', 'salut', 'coucou', 'hallo', 'guten tag', 'guten morgen', 'servus', 'moin', 'ola', 'oi',
    'bom dia', 'boa tarde', 'ciao', 'buongiorno', 'buonasera', 'salve', 'hoi', 'goedemorgen', 'goedemiddag', 'hej',
    'hej hej', 'god morgon', 'tjena', 'привет', 'здравствуйте', 'добрый день', '你好', '您好', '嗨',
  ],
  thanks: [
    'thanks', 'thank you', 'thank you so much', 'thanks a lot', 'many thanks', 'thx', 'ty', 'cheers', 'great thanks',
    'ok thanks', 'ok thank you', 'perfect thanks', 'awesome thanks', 'thanks for the help', 'thank you for your help',
    'that helps', 'that helped', 'got it thanks', 'gracias', 'muchas gracias', 'merci', 'merci beaucoup', 'danke',
    'danke schon', 'vielen dank', 'obrigado', 'obrigada', 'grazie', 'grazie mille', 'bedankt', 'dank je', 'dank u',
    'tack', 'tack sa mycket', 'спасибо', 'большое спасибо', '谢谢', '多谢', '感谢',
  ],
  goodbye: [
    'bye', 'goodbye', 'bye bye', 'see you', 'see ya', 'later', 'have a nice day', 'have a good day', 'adios',
    'hasta luego', 'au revoir', 'tschuss', 'auf wiedersehen', 'tchau', 'arrivederci', 'doei', 'tot ziens', 'hej da',
    'пока', 'до свидания', '再见', '拜拜',
  ],
};

const LOOKUP = new Map<string, SmallTalkKind>();
for (const [kind, phrases] of Object.entries(PHRASES) as [SmallTalkKind, string[]][]) {
  for (const phrase of phrases) LOOKUP.set(phrase, kind);
}
/** Longest phrase first, so "thank you so much" is taken whole before "thank you". */
const BY_LENGTH = [...LOOKUP.keys()].sort((a, b) => b.length - a.length);
const PADDED = new Map(BY_LENGTH.map((phrase) => [phrase, ` ${phrase} `]));
const FILLER = new Set(['ok', 'okay', 'oh', 'so', 'very', 'much', 'again', 'all', 'everyone', 'team', 'bot', 'guys', 'folks', 'please', 'and', 'great', 'cool', 'nice', 'super', 'perfect']);

export interface SmallTalk {
  kind: SmallTalkKind;
  /** What is left once greetings/thanks are taken away; empty when the message was only small talk. */
  rest: string;
}

/** Recognise small talk at the start of a message and return what remains of it. */
export function detectSmallTalk(text: string): SmallTalk | undefined {
  // One pass with a cursor over the folded text (slicing the rest on every step was quadratic on long messages).
  const padded = ` ${fold(text)} `;
  let at = 0; // padded.slice(at) is what remains, always starting with a space
  let kind: SmallTalkKind | undefined;
  let progressed = true;
  // Peel phrases off the front ("hi there, thanks!"): a message made only of them is small talk.
  while (progressed) {
    progressed = false;
    for (const phrase of BY_LENGTH) {
      if (padded.startsWith(PADDED.get(phrase)!, at)) {
        kind ??= LOOKUP.get(phrase);
        // Thanks outrank a greeting: "hi, thanks!" is a thank-you.
        if (LOOKUP.get(phrase) === 'thanks') kind = 'thanks';
        at += phrase.length + 1;
        progressed = true;
        break;
      }
    }
    const end = padded.indexOf(' ', at + 1);
    const next = end === -1 ? '' : padded.slice(at + 1, end);
    if (kind && next && FILLER.has(next)) {
      at += next.length + 1;
      progressed = true;
    }
  }
  if (!kind) return undefined;
  return { kind, rest: padded.slice(at).trim() };
}

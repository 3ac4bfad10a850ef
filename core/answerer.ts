/**
 * The decision for one customer turn: answer, clarify, hand off, or a small-talk reply. Pure and offline:
 * it reads the conversation's memory and returns the next memory, so the live path and the evaluation run
 * exactly the same code, and tests need no Redis.
 *
 * When a person is needed is the escalation policy's call (escalation-policy.ts); the answerer applies its
 * rules in order and otherwise answers, clarifies or makes small talk.
 */
import { answerIn, questionIn, type KnowledgeBase } from './knowledge-base';
import { EscalationPolicy, type Escalation } from './escalation-policy';
import { Matcher, type MatchCandidate, type MatchExplanation, type MatchResult } from './matcher';
import { detectSmallTalk, type SmallTalkKind } from './small-talk';
import { IntentModel } from './understanding/intent';
import { boundedText, firstSentences, lastSentences, tokens } from './text';
import {
  answerReply,
  CHOICE_ENTRY_PREFIX,
  CHOICE_PERSON,
  cannotReadReply,
  clarifyReply,
  emptyMessageReply,
  entryChoice,
  smallTalkReply,
} from './replies';
import type { HandoffReason, OutboundMessage } from './types';
import { FALLBACK_LANGUAGE, languageOfLocale, type Language } from './i18n/languages';

/** What the answerer remembers of one conversation between turns. */
export interface ConversationMemory {
  /** Entry ids answered so far, oldest first. */
  answered: string[];
  /** Word sets of questions we answered directly, to recognise the same question asked again in other words. */
  answeredQuestions: string[][];
  /** Unsure turns in a row (clarify offered). */
  lowConfidenceStreak: number;
  /** Loops caught: repeated questions that went to a person instead of being answered again. */
  loopsCaught: number;
  /** Calls made to the optional answer composer (language model), for its per-conversation cap. */
  composerCalls: number;
}

export function emptyMemory(): ConversationMemory {
  return { answered: [], answeredQuestions: [], lowConfidenceStreak: 0, loopsCaught: 0, composerCalls: 0 };
}

export interface Turn {
  text: string;
  choiceId?: string;
  /** False for images, stickers, voice, files. */
  isText?: boolean;
  locale?: string;
}

export type Decision =
  | {
      kind: 'answer';
      entryId: string;
      confidence: number;
      reply: OutboundMessage;
      candidates: MatchCandidate[];
      /** Runner-up entries offered as buttons under the answer, so a miss is never a dead end. */
      relatedIds: string[];
      /** The customer picked this entry from offered choices. */
      picked?: boolean;
    }
  | { kind: 'clarify'; entryIds: string[]; confidence: number; outOfScope: boolean; reply: OutboundMessage; candidates: MatchCandidate[] }
  | { kind: 'handoff'; reason: HandoffReason; detail: string; confidence?: number; /** A sensitive topic: the KB entry it stands for. */ entryId?: string }
  | { kind: 'small_talk'; smallTalk: SmallTalkKind; reply: OutboundMessage }
  | { kind: 'prompt'; why: 'not_text' | 'empty'; reply: OutboundMessage };

export interface DecisionResult {
  decision: Decision;
  memory: ConversationMemory;
}

export interface AnswererOptions {
  /**
   * How many likely entries a clarification offers (besides "Talk to a person"). Default 4: on BANKING77 the
   * right entry is among the top 3 for 91 % of questions and the top 4 for 93 %; a fifth button adds little and
   * starts to read like a menu wall.
   */
  maxChoices: number;
  /** Unsure turns in a row before a person takes over. Default 2. */
  unsureTurnsBeforeHandoff: number;
  /** Word overlap (Jaccard) above which a new question counts as one we already answered. Default 0.75. */
  repeatSimilarity: number;
  /**
   * Runner-up entries offered under a direct answer ("Not what you asked?"), besides "Talk to a person".
   * Default 3: with the answer itself that is the same 4 topics a clarification would show.
   */
  relatedChoices: number;
}

const DEFAULTS: AnswererOptions = { maxChoices: 4, unsureTurnsBeforeHandoff: 2, repeatSimilarity: 0.75, relatedChoices: 3 };

export class Answerer {
  readonly options: AnswererOptions;
  readonly matcher: Matcher;
  /** Meaning beyond the rules and the matcher: a person wanted, frustration, a sensitive topic in other words. */
  readonly intents: IntentModel;
  private readonly policy: EscalationPolicy;

  constructor(
    readonly kb: KnowledgeBase,
    options: Partial<AnswererOptions> = {},
    matcher?: Matcher,
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.matcher = matcher ?? Matcher.train(kb.entries);
    this.intents = IntentModel.forKnowledgeBase(kb.entries);
    this.policy = new EscalationPolicy({ ...this.options, intents: this.intents });
  }

  decide(turn: Turn, memory: ConversationMemory): DecisionResult {
    const next: ConversationMemory = {
      answered: [...memory.answered],
      answeredQuestions: [...memory.answeredQuestions],
      lowConfidenceStreak: memory.lowConfidenceStreak,
      loopsCaught: memory.loopsCaught,
      composerCalls: memory.composerCalls ?? 0,
    };
    const { policy } = this;
    const handoff = (escalation: Escalation, confidence?: number): DecisionResult => {
      next.lowConfidenceStreak = 0;
      return { decision: { kind: 'handoff', reason: escalation.reason, detail: escalation.detail, confidence, entryId: escalation.entryId }, memory: next };
    };

    if (turn.choiceId === CHOICE_PERSON) return handoff(policy.personPicked());
    if (turn.choiceId?.startsWith(CHOICE_ENTRY_PREFIX)) {
      const entry = this.kb.byId.get(turn.choiceId.slice(CHOICE_ENTRY_PREFIX.length));
      // An entry offered before a knowledge-base reload may be gone: then read the label as a question.
      if (entry) {
        const sensitive = policy.sensitiveEntry(entry, 'picked');
        if (sensitive) return handoff(sensitive);
        return this.answer(entry.id, 1, [{ entryId: entry.id, score: 1 }], turn, next, true);
      }
    }
    if (turn.isText === false) {
      // A photo, voice note or sticker counts as an unsure turn: the second in a row goes to a person.
      next.lowConfidenceStreak += 1;
      const unreadable = policy.unreadableTooOften(next.lowConfidenceStreak);
      if (unreadable) return handoff(unreadable);
      return { decision: { kind: 'prompt', why: 'not_text', reply: cannotReadReply(replyLanguage(turn)) }, memory: next };
    }
    const text = turn.text.trim();
    if (!text) return { decision: { kind: 'prompt', why: 'empty', reply: emptyMessageReply(replyLanguage(turn)) }, memory: next };

    const fromWords = policy.fromWords(text);
    if (fromWords) return handoff(fromWords);

    const smallTalk = detectSmallTalk(text);
    if (smallTalk && !smallTalk.rest) {
      return { decision: { kind: 'small_talk', smallTalk: smallTalk.kind, reply: smallTalkReply(replyLanguage(turn), smallTalk.kind) }, memory: next };
    }
    const question = smallTalk ? smallTalk.rest : text;

    const match = this.match(question);
    const words = wordSet(question);
    const top = match.candidates[0];

    // Fraud, hardship or a dispute in words the KB does not use: a person, as the KB's entry of that kind.
    const topic = this.intents.sensitiveTopic(question);
    if (topic) {
      const ranked = match.candidates.find((c) => topic.entryIds.includes(c.entryId))?.entryId ?? topic.entryIds[0];
      const evidence = topic.evidence.map((w) => `"${w}"`).join(', ');
      return handoff({ reason: 'sensitive_topic', detail: `reads as ${topic.kind} (${topic.probability.toFixed(2)}: ${evidence}): sensitive entry "${ranked}"`, entryId: ranked }, match.confidence);
    }

    const repeated = policy.repeatedQuestion(
      { questions: next.answeredQuestions, answeredEntries: next.answered },
      words,
      top && { entryId: top.entryId, confident: match.confident },
    );
    if (repeated) {
      next.loopsCaught += 1;
      return handoff(repeated, match.confidence);
    }

    if (match.confident && top) {
      const entry = this.kb.byId.get(top.entryId)!;
      const sensitive = policy.sensitiveEntry(entry, 'matched');
      if (sensitive) return handoff(sensitive, match.confidence);
      next.answeredQuestions.push(words);
      return this.answer(entry.id, match.confidence, match.candidates, turn, next);
    }

    next.lowConfidenceStreak += 1;
    const unsure = policy.unsureTooOften(next.lowConfidenceStreak, match.confidence);
    if (unsure) return handoff(unsure, match.confidence);
    return { decision: this.clarify(match, replyLanguage(turn)), memory: next };
  }

  /**
   * Whether the matcher alone is sure enough to answer `text` directly: a cheap first check for callers that only
   * want a confident answer (answering while waiting), before the whole decision with its escalation rules.
   */
  confidentlyMatches(text: string): boolean {
    const trimmed = text.trim();
    const smallTalk = detectSmallTalk(trimmed);
    const question = smallTalk ? smallTalk.rest : trimmed;
    return Boolean(question) && this.match(question).confident;
  }

  /** Why `text` scores for `entryId` (the matcher's words and nearest phrasing): for admins and evaluation. */
  explain(text: string, entryId: string): MatchExplanation {
    return this.matcher.explain(text, entryId);
  }

  /** The last reading, reused: `confidentlyMatches` and the `decide` after it read the same message. */
  private lastMatch: { text: string; result: MatchResult } | undefined;

  /**
   * The matcher's view of a message. A long one (a story, then the question) is also matched on its last
   * sentences and its first ones, and the most confident reading wins; ties go to the end, where the
   * question usually is.
   */
  private match(text: string): MatchResult {
    if (this.lastMatch?.text !== text) this.lastMatch = { text, result: this.read(text) };
    return this.lastMatch.result;
  }

  private read(text: string): MatchResult {
    if (text.length <= LONG_MESSAGE_CHARS) return this.matcher.match(text);
    const readings = [
      this.matcher.match(lastSentences(text, PART_CHARS, 1)),
      this.matcher.match(lastSentences(text, PART_CHARS, 2)),
      this.matcher.match(boundedText(text, 2 * LONG_MESSAGE_CHARS)),
      this.matcher.match(firstSentences(text, PART_CHARS, 1)),
      this.matcher.match(firstSentences(text, PART_CHARS, 2)),
    ];
    return readings.reduce((best, r) => (r.confident && !best.confident) || (r.confident === best.confident && r.confidence > best.confidence) ? r : best);
  }

  private answer(entryId: string, confidence: number, candidates: MatchCandidate[], turn: Turn, next: ConversationMemory, picked = false): DecisionResult {
    const entry = this.kb.byId.get(entryId)!;
    next.answered.push(entry.id);
    next.lowConfidenceStreak = 0;
    const relatedIds = picked ? [] : candidates.slice(1, 1 + this.options.relatedChoices).map((c) => c.entryId);
    const reply = answerReply(replyLanguage(turn), answerIn(entry, turn.locale), relatedIds.map((id) => entryChoice(id, questionIn(this.kb.byId.get(id)!, turn.locale))));
    return {
      decision: { kind: 'answer', entryId: entry.id, confidence, candidates, relatedIds, picked, reply },
      memory: next,
    };
  }

  private clarify(match: MatchResult, language: Language): Decision {
    const entryIds = match.candidates.slice(0, this.options.maxChoices).map((c) => c.entryId);
    const choices = entryIds.map((id) => entryChoice(id, questionIn(this.kb.byId.get(id)!, language)));
    return {
      kind: 'clarify',
      entryIds,
      confidence: match.confidence,
      outOfScope: !match.inScope,
      candidates: match.candidates,
      reply: clarifyReply(language, choices, !match.inScope),
    };
  }
}

/** Messages longer than this are also read in parts; each part is one or two sentences, at most PART_CHARS. */
const LONG_MESSAGE_CHARS = 400;
const PART_CHARS = 250;

/** The bot's words follow the conversation's language (the core passes it as the turn's locale). */
function replyLanguage(turn: Turn): Language {
  return languageOfLocale(turn.locale) ?? FALLBACK_LANGUAGE;
}

function wordSet(text: string): string[] {
  return [...new Set(tokens(text))].sort();
}

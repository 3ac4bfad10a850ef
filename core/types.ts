/**
 * The platform-neutral vocabulary of the product. Nothing here knows Slack, Telegram, Discord or Teams:
 * adapters translate their platform's payloads into these types and back.
 */

/**
 * Where a conversation lives, as one string: `<platform>:<platform-specific part>`, for example
 * `telegram:12345` or `slack:T01:D02`. It carries everything an adapter needs to reply later,
 * from any process, so it is safe to store in Redis or put in a queued job.
 */
export type ConversationAddress = string;

/** The platform part of an address (`telegram` for `telegram:12345`). */
export function platformOf(address: ConversationAddress): string {
  const colon = address.indexOf(':');
  if (colon <= 0 || colon === address.length - 1) {
    throw new Error(`Invalid conversation address "${address}": expected "<platform>:<id>", e.g. "telegram:12345".`);
  }
  return address.slice(0, colon);
}

export interface Customer {
  /** Stable id of the customer on their platform. */
  id: string;
  /** What staff see; platforms that have no name give their id. */
  displayName: string;
  /** BCP-47 language tag the platform reported (Telegram `language_code`, Teams `locale`), if any. */
  locale?: string;
}

/** One message from a customer, or one button click (then `choiceId` is set). */
export interface InboundMessage {
  /** The platform's own id for this message or click: a redelivery carries the same id and is processed once. */
  id: string;
  address: ConversationAddress;
  customer: Customer;
  /** What the customer wrote; for a click, the label of the button. */
  text: string;
  /** Set when the customer clicked one of the choices we offered. */
  choiceId?: string;
  /** When the platform says the message was sent. */
  sentAt: Date;
  /**
   * What came with the message besides its text: a photo, sticker, voice note, file… Adapters only report them
   * (a caption is the message's `text`); the core decides whether it can read the message (`readableText` in
   * `core/inbound.ts`): a message with attachments and no text gets "I can only read text" and a person offered.
   */
  attachments?: InboundAttachment[];
  /** The platform payload as received, for logs and debugging; never interpreted by the core. */
  raw?: unknown;
}

/** Something other than text that came with a customer message; the core never downloads it. */
export interface InboundAttachment {
  kind: 'image' | 'audio' | 'video' | 'file' | 'sticker' | 'other';
  /** File name, when the platform gives one. */
  name?: string;
  mimeType?: string;
}

/** A button the customer can press instead of typing. Adapters render these as their platform's buttons. */
export interface Choice {
  /** Opaque to adapters; comes back as `InboundMessage.choiceId`. At most 64 characters (Telegram's callback limit). */
  id: string;
  label: string;
}

export interface OutboundMessage {
  text: string;
  choices?: Choice[];
  /** Who speaks: the bot, or a staff member by name when a person relays through us. */
  sender?: { kind: 'bot' } | { kind: 'agent'; name: string };
  /** The conversation's language (e.g. `es`), so an adapter renders a person's name line in it ("Alex (soporte): …"). */
  language?: string;
}

/** What an adapter hands every inbound message or click to: the core's single front door. */
export type InboundHandler = (message: InboundMessage) => Promise<void>;

/**
 * What every platform implements. An adapter only translates: it never decides what to answer.
 */
export interface ChannelAdapter {
  /** The address prefix this adapter owns, e.g. `telegram`. */
  readonly platform: string;
  /**
   * The address of a conversation from its platform ids (a chat id; a channel and a thread…), through the shared
   * `encodeAddress` in core/address.ts, which escapes ':' inside ids.
   */
  encodeAddress(parts: string[]): ConversationAddress;
  /** The platform ids of an address this adapter owns; throws `InvalidAddressError` for another platform's. */
  decodeAddress(address: ConversationAddress): string[];
  /** Connect (long polling, gateway, webhook routes) and deliver every inbound message to `onInbound`. */
  start(onInbound: InboundHandler): Promise<void>;
  stop(): Promise<void>;
  /** Deliver a message to an address this adapter owns. Rejects when the platform refused it after retries. */
  send(address: ConversationAddress, message: OutboundMessage): Promise<void>;
  /** Show "typing…" while the bot works, where the platform supports it. Best effort. */
  showTyping?(address: ConversationAddress): Promise<void>;
}

/** One line of a conversation's transcript. */
export interface TranscriptLine {
  from: 'customer' | 'bot' | 'agent';
  text: string;
  at: string; // ISO time
  name?: string;
}

/** Why a conversation went to a person. Each reason names the rule that fired. */
export type HandoffReason =
  | 'asked_for_person'
  | 'picked_talk_to_person'
  | 'repeated_question'
  | 'frustration'
  | 'sensitive_topic'
  | 'low_confidence'
  | 'cannot_read_message';

export interface HandoffRequest {
  address: ConversationAddress;
  customer: Customer;
  reason: HandoffReason;
  /** Human-readable detail, e.g. the entry id of a sensitive topic. */
  detail?: string;
  transcript: TranscriptLine[];
  requestedAt: Date;
  /** A 2–3 line summary for staff, when a language model is configured. */
  summary?: string;
  /** The language the customer writes in (e.g. `es`): staff pages say so. */
  language?: string;
}

/** What the customer is told after a handoff: where they stand. */
export interface HandoffTicket {
  /** 1 = next in line. */
  position: number;
  /** Expected wait in seconds, from recent times to claim; undefined when there is no history yet. */
  expectedWaitSeconds?: number;
  /** Set outside business hours: when staff are back. */
  staffBackAt?: Date;
  /** The zone business hours are configured in (IANA), so the customer reads opening times in it. */
  staffTimeZone?: string;
}

/**
 * The core's only way to reach people. The BullMQ implementation lives in `handoff/`; the core does not
 * know queues or Slack exist.
 */
export interface HandoffPort {
  /** Ask for a person. Idempotent per conversation: asking twice never pages twice. */
  requestHandoff(request: HandoffRequest): Promise<HandoffTicket>;
  /** A customer wrote while waiting for or talking with a person: relay it to staff. */
  relayCustomerMessage(address: ConversationAddress, line: TranscriptLine, customer: Customer): Promise<HandoffTicket | void>;
  /**
   * The customer no longer waits for a person: `left_queue` (they went back to the bot; the handoff is withdrawn
   * and its page says so) or `left_message` (it becomes a follow-up item staff answer later in the same thread).
   * Returns false when no handoff was open. Optional for ports that cannot withdraw.
   */
  withdrawHandoff?(address: ConversationAddress, why: WithdrawReason): Promise<boolean>;
  /**
   * A follow-up for staff outside any queue: a message left after hours or when nobody was free, or a 1–2★ rating
   * ("customer unhappy"). Staff answer it later in its thread; the customer gets the answer in their app.
   */
  openFollowUp?(request: FollowUpRequest): Promise<void>;
}

export type WithdrawReason = 'left_queue' | 'left_message';

export interface FollowUpRequest {
  address: ConversationAddress;
  customer: Customer;
  why: 'left_message' | 'unhappy_rating';
  /** Stars, for an unhappy rating. */
  stars?: number;
  transcript: TranscriptLine[];
  requestedAt: Date;
  language?: string;
}

/**
 * An optional second opinion on the offline decision, e.g. a language model writing the answer from the
 * retrieved entries (see `core/llm/`). The core gives it a deadline and falls back to the offline decision on
 * timeout or error, so the customer is never left waiting. It may turn an answer or clarification into another
 * answer, clarification or handoff; handoffs and small talk decided offline are never second-guessed.
 */
export interface AnswerComposer {
  compose(input: ComposeInput, signal: AbortSignal): Promise<ComposedAnswer | undefined>;
  /** A 2–3 line summary of the conversation for staff pages; undefined when unavailable. */
  summarize?(transcript: TranscriptLine[], signal: AbortSignal): Promise<string | undefined>;
}

export interface ComposeInput {
  address: ConversationAddress;
  text: string;
  locale?: string;
  /** The offline matcher's candidates, best first: what the composer may ground its answer in. */
  candidates: { entryId: string; score: number }[];
  history: TranscriptLine[];
}

/** What a composer decided: an answer grounded in named entries, or "the entries do not support an answer". */
export type ComposedAnswer =
  | {
      kind: 'answer';
      text: string;
      /** The entries the answer relies on. */
      entryIds: string[];
      /** Every entry shown to the model (the matcher's candidates plus what embeddings retrieved). */
      shownEntryIds: string[];
    }
  | { kind: 'unsupported'; why: string };

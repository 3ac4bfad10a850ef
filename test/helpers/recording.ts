/** Test doubles at the core's edges: an adapter that records what it sends, a handoff port that records requests. */
import { decodeAddress, encodeAddress } from '../../core/address';
import type {
  ChannelAdapter,
  ConversationAddress,
  HandoffPort,
  HandoffRequest,
  HandoffTicket,
  InboundHandler,
  OutboundMessage,
  TranscriptLine,
} from '../../core/types';

export class RecordingAdapter implements ChannelAdapter {
  readonly sent: { address: ConversationAddress; message: OutboundMessage }[] = [];
  onInbound?: InboundHandler;
  /** Optional delay per send, to widen race windows in concurrency tests. */
  sendDelayMs = 0;
  constructor(readonly platform = 'test') {}
  encodeAddress(parts: string[]) {
    return encodeAddress(this.platform, parts);
  }
  decodeAddress(address: ConversationAddress) {
    return decodeAddress(this.platform, address);
  }
  async start(onInbound: InboundHandler) {
    this.onInbound = onInbound;
  }
  async stop() {}
  async send(address: ConversationAddress, message: OutboundMessage) {
    if (this.sendDelayMs) await new Promise((r) => setTimeout(r, this.sendDelayMs));
    this.sent.push({ address, message });
  }
  texts(address?: ConversationAddress): string[] {
    return this.sent.filter((s) => !address || s.address === address).map((s) => s.message.text);
  }
  last(): OutboundMessage | undefined {
    return this.sent[this.sent.length - 1]?.message;
  }
}

export class RecordingHandoffPort implements HandoffPort {
  readonly requests: HandoffRequest[] = [];
  readonly relayed: { address: ConversationAddress; line: TranscriptLine }[] = [];
  readonly ratings: { address: ConversationAddress; rating: number }[] = [];
  claimed = new Set<ConversationAddress>();
  async requestHandoff(request: HandoffRequest): Promise<HandoffTicket> {
    if (!this.requests.some((r) => r.address === request.address)) this.requests.push(request);
    return { position: this.requests.length, expectedWaitSeconds: 120 };
  }
  async relayCustomerMessage(address: ConversationAddress, line: TranscriptLine): Promise<HandoffTicket | void> {
    this.relayed.push({ address, line });
    if (!this.claimed.has(address)) return { position: 1, expectedWaitSeconds: 60 };
  }
  async recordRating(address: ConversationAddress, rating: number) {
    this.ratings.push({ address, rating });
  }
}

/**
 * Test doubles at the core's edges, one of each: an adapter that records what it sends (per address, in order),
 * and a handoff port that records requests, relayed lines and ratings.
 */
import { addressCodec } from '../../core/address';
import type {
  ChannelAdapter,
  ConversationAddress,
  HandoffPort,
  FollowUpRequest,
  HandoffRequest,
  HandoffTicket,
  InboundHandler,
  OutboundMessage,
  TranscriptLine,
  WithdrawReason,
} from '../../core/types';

export class RecordingAdapter implements ChannelAdapter {
  readonly sent: { address: ConversationAddress; message: OutboundMessage }[] = [];
  onInbound?: InboundHandler;
  /** Optional delay per send, to widen race windows in concurrency tests. */
  sendDelayMs = 0;
  readonly encodeAddress: ChannelAdapter['encodeAddress'];
  readonly decodeAddress: ChannelAdapter['decodeAddress'];

  constructor(readonly platform = 'test') {
    ({ encodeAddress: this.encodeAddress, decodeAddress: this.decodeAddress } = addressCodec(platform, { min: 1, max: 8 }));
  }

  async start(onInbound: InboundHandler) {
    this.onInbound = onInbound;
  }

  async stop() {}

  async send(address: ConversationAddress, message: OutboundMessage) {
    if (this.sendDelayMs) await new Promise((r) => setTimeout(r, this.sendDelayMs));
    this.sent.push({ address, message });
  }

  /** Everything sent to one address, in order. */
  to(address: ConversationAddress): OutboundMessage[] {
    return this.sent.filter((s) => s.address === address).map((s) => s.message);
  }

  texts(address?: ConversationAddress): string[] {
    return this.sent.filter((s) => !address || s.address === address).map((s) => s.message.text);
  }

  /** The last message sent (to one address, when given). */
  last(address?: ConversationAddress): OutboundMessage | undefined {
    const list = address ? this.to(address) : this.sent.map((s) => s.message);
    return list[list.length - 1];
  }
}

export class RecordingHandoffPort implements HandoffPort {
  readonly requests: HandoffRequest[] = [];
  readonly relayed: { address: ConversationAddress; line: TranscriptLine }[] = [];
  readonly ratings: { address: ConversationAddress; rating: number }[] = [];
  readonly withdrawn: { address: ConversationAddress; why: WithdrawReason }[] = [];
  readonly followUps: FollowUpRequest[] = [];
  /** Set to make the next tickets say staff are away until then. */
  staffBackAt?: Date;
  staffTimeZone?: string;
  claimed = new Set<ConversationAddress>();

  async requestHandoff(request: HandoffRequest): Promise<HandoffTicket> {
    if (!this.requests.some((r) => r.address === request.address)) this.requests.push(request);
    return { position: this.requests.length, expectedWaitSeconds: 120, staffBackAt: this.staffBackAt, staffTimeZone: this.staffTimeZone };
  }

  async withdrawHandoff(address: ConversationAddress, why: WithdrawReason): Promise<boolean> {
    this.withdrawn.push({ address, why });
    return true;
  }

  async openFollowUp(request: FollowUpRequest): Promise<void> {
    this.followUps.push(request);
  }

  async relayCustomerMessage(address: ConversationAddress, line: TranscriptLine): Promise<HandoffTicket | void> {
    this.relayed.push({ address, line });
    if (!this.claimed.has(address)) return { position: 1, expectedWaitSeconds: 60, staffBackAt: this.staffBackAt, staffTimeZone: this.staffTimeZone };
  }

  async recordRating(address: ConversationAddress, rating: number) {
    this.ratings.push({ address, rating });
  }
}

/**
 * Conversation addresses (`<platform>:<part>[:<part>…]`) built and read in one place, like Chat SDK's
 * `encodeThreadId`/`decodeThreadId`: each adapter says which parts it needs (a chat id; a channel and a thread…)
 * and never slices or matches address strings itself.
 *
 * Inside a part, `%` is written `%25` and `:` is written `%3A`, so a platform id that contains `:` (Teams
 * conversation ids do: `a:1…`, `19:…@thread.v2`) round-trips exactly. Ids without `:` or `%` (Telegram, Discord,
 * Slack) read exactly as before: `telegram:12345`, `slack:C01:1700000000.000100`.
 */
import { PermanentError } from './errors';
import type { ConversationAddress } from './types';

/** An address that is malformed or belongs to another platform: retrying cannot fix it. */
export class InvalidAddressError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAddressError';
  }
}

const PLATFORM = /^[a-z][a-z0-9_-]*$/;

function escapePart(part: string): string {
  return part.replace(/%/g, '%25').replace(/:/g, '%3A');
}

function unescapePart(part: string): string {
  return part.replace(/%3A/gi, ':').replace(/%25/g, '%');
}

/** `encodeAddress('slack', ['C01', '1700000000.000100'])` → `slack:C01:1700000000.000100`. Parts must be non-empty. */
export function encodeAddress(platform: string, parts: string[]): ConversationAddress {
  if (!PLATFORM.test(platform)) throw new InvalidAddressError(`Invalid platform name "${platform}" for an address: lower-case letters, digits, "-" or "_".`);
  if (parts.length === 0) throw new InvalidAddressError(`A ${platform} address needs at least one part.`);
  for (const part of parts) {
    if (typeof part !== 'string' || part.length === 0) throw new InvalidAddressError(`A ${platform} address part must be a non-empty string (got ${JSON.stringify(part)}).`);
  }
  return [platform, ...parts.map(escapePart)].join(':');
}

export interface AddressShape {
  /** Fewest parts after the platform. Default 1. */
  min?: number;
  /** Most parts after the platform. Default `min`. */
  max?: number;
  /** How the parts read, for error messages: e.g. `<channel>[:<thread ts>]`. */
  describe?: string;
}

/**
 * The parts of an address this platform owns. Throws `InvalidAddressError` naming both platforms for another
 * platform's address, and naming the expected shape for a malformed one.
 */
export function decodeAddress(platform: string, address: ConversationAddress, shape: AddressShape = {}): string[] {
  const min = shape.min ?? 1;
  const max = shape.max ?? min;
  const expected = `${platform}:${shape.describe ?? Array.from({ length: min }, (_, i) => `<part ${i + 1}>`).join(':')}`;
  if (typeof address !== 'string') throw new InvalidAddressError(`Invalid ${platform} address ${JSON.stringify(address)}: expected "${expected}".`);
  const [owner, ...raw] = address.split(':');
  if (owner !== platform) {
    const other = raw.length > 0 && PLATFORM.test(owner) ? `it belongs to platform "${owner}"` : 'it names no platform';
    throw new InvalidAddressError(`Address "${address}" is not a ${platform} address: ${other} (expected "${expected}").`);
  }
  if (raw.length < min || raw.length > max || raw.some((part) => part.length === 0)) {
    throw new InvalidAddressError(`Invalid ${platform} address "${address}": expected "${expected}".`);
  }
  return raw.map(unescapePart);
}

/** `encodeAddress`/`decodeAddress` bound to one platform, for an adapter (or a test double) to spread into itself. */
export function addressCodec(platform: string, shape?: AddressShape): { encodeAddress(parts: string[]): ConversationAddress; decodeAddress(address: ConversationAddress): string[] } {
  return {
    encodeAddress: (parts) => encodeAddress(platform, parts),
    decodeAddress: (address) => decodeAddress(platform, address, shape),
  };
}

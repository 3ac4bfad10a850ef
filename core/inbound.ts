/**
 * What the core accepts from an adapter, checked once at the front door: a malformed message is refused with
 * the reason (a permanent error: retrying it cannot help).
 */
import { InvalidMessageError } from './errors';
import { platformOf, type InboundMessage } from './types';

export function validateInbound(message: InboundMessage): void {
  if (!message || typeof message !== 'object') throw new InvalidMessageError('not an object');
  if (typeof message.id !== 'string' || !message.id) throw new InvalidMessageError('missing platform message id');
  if (typeof message.address !== 'string') throw new InvalidMessageError('missing conversation address');
  platformOf(message.address); // throws a clear error for a malformed address
  if (!message.customer || typeof message.customer.id !== 'string') throw new InvalidMessageError('missing customer id');
  if (typeof message.text !== 'string') throw new InvalidMessageError('text must be a string (empty for non-text messages)');
  if (message.attachments !== undefined && !Array.isArray(message.attachments)) throw new InvalidMessageError('attachments must be an array when present');
  if (!(message.sentAt instanceof Date) || Number.isNaN(message.sentAt.getTime())) throw new InvalidMessageError('sentAt must be a valid Date');
}

/**
 * Whether the core can read a message, decided here and nowhere else. Readable when it has text — a photo with
 * a caption is readable, the caption is the text — or when nothing came with it (an empty message is readable:
 * the answerer asks for the question). A photo, sticker, voice note or file without text is not: the answerer
 * says it can only read text and offers a person.
 */
export function readableText(message: Pick<InboundMessage, 'text' | 'attachments' | 'choiceId'>): { text: string; readable: boolean } {
  const text = typeof message.text === 'string' ? message.text : '';
  const readable = text.trim().length > 0 || message.choiceId !== undefined || (message.attachments ?? []).length === 0;
  return { text, readable };
}

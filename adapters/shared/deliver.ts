/**
 * Hand a customer message to the core for a platform that has already been told "received" (Slack's early ack,
 * Telegram's confirmed update, Discord's gateway that never redelivers): retry with backoff, and if it still
 * fails, log it with its text so nothing is lost silently. Errors retrying cannot fix fail at once.
 */
import type { Logger } from '../../core/log';
import type { InboundHandler, InboundMessage } from '../../core/types';
import { isPermanent as isPermanentCoreError } from '../../core/errors';
import { withRetry } from './retry';

export async function deliverToCore(onInbound: InboundHandler, message: InboundMessage, platform: string, logger: Logger, attempts = 5): Promise<void> {
  try {
    await withRetry(() => onInbound(message), {
      what: `${platform}.customer_message`,
      attempts,
      baseDelayMs: 500,
      logger,
      isPermanent: isPermanentCoreError,
    });
  } catch (error) {
    logger.error(`${platform}.customer_message_not_processed`, { address: message.address, id: message.id, text: message.text, error });
  }
}

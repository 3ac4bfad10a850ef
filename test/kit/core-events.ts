/**
 * Records what the core reports (CoreEvent) so a test can wait for "this turn finished" or "this redelivery was
 * ignored" instead of sleeping and checking that nothing happened.
 */
import type { CoreEvent } from '../../core/events';
import { eventually } from './eventually';

export class CoreEventLog {
  readonly events: CoreEvent[] = [];

  /** Pass as `onEvent` to SupportCore (chain another listener with `also`). */
  readonly listener = (event: CoreEvent, also?: (event: CoreEvent) => void): void => {
    this.events.push(event);
    also?.(event);
  };

  of<K extends CoreEvent['type']>(type: K): Extract<CoreEvent, { type: K }>[] {
    return this.events.filter((event): event is Extract<CoreEvent, { type: K }> => event.type === type);
  }

  /** Wait until an event of this type (matching `where`) has been reported; returns it. */
  async waitFor<K extends CoreEvent['type']>(type: K, where: (event: Extract<CoreEvent, { type: K }>) => boolean = () => true, timeoutMs?: number): Promise<Extract<CoreEvent, { type: K }>> {
    return eventually(() => this.of(type).find(where), `core event ${type}`, timeoutMs);
  }

  /** Wait until `count` turns have completed in all (across addresses). */
  async turnsCompleted(count: number, timeoutMs?: number): Promise<void> {
    await eventually(() => this.of('turn_completed').length >= count, `${count} completed turn(s)`, timeoutMs);
  }
}

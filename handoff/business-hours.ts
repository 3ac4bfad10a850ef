/**
 * Business hours with a time zone, e.g. `Mon-Fri 09:00-18:00 Europe/Paris` or
 * `Mon-Fri 09:00-18:00; Sat 10:00-14:00 Europe/Paris`. Outside them a handoff is queued and staff are paged at
 * the next opening. Computed with Intl (no date library), so daylight-saving changes are the time zone
 * database's problem, not ours.
 */

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface OpeningSpan {
  /** Weekdays, 0 = Sunday. */
  days: Set<number>;
  /** Minutes after local midnight. */
  opens: number;
  closes: number;
}

export class BusinessHoursError extends Error {
  constructor(spec: string, problem: string) {
    super(
      `BUSINESS_HOURS="${spec}" is invalid: ${problem}. Expected e.g. "Mon-Fri 09:00-18:00 Europe/Paris" ` +
        `(several spans separated by ";", then an IANA time zone); leave it empty for "always open".`,
    );
    this.name = 'BusinessHoursError';
  }
}

interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number;
  weekday: number; // 0 = Sunday
  minutes: number; // after local midnight
}

export class BusinessHours {
  private readonly format: Intl.DateTimeFormat;

  private constructor(
    readonly timeZone: string,
    private readonly spans: OpeningSpan[],
    readonly spec: string,
  ) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
  }

  static parse(spec: string): BusinessHours {
    const trimmed = spec.trim();
    const lastSpace = trimmed.lastIndexOf(' ');
    if (lastSpace < 0) throw new BusinessHoursError(spec, 'the time zone is missing');
    const timeZone = trimmed.slice(lastSpace + 1);
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      throw new BusinessHoursError(spec, `"${timeZone}" is not a time zone this Node.js knows (use an IANA name like Europe/Paris)`);
    }
    const spans = trimmed
      .slice(0, lastSpace)
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => parseSpan(spec, part));
    if (spans.length === 0) throw new BusinessHoursError(spec, 'no opening span before the time zone');
    return new BusinessHours(timeZone, spans, trimmed);
  }

  isOpen(at: Date): boolean {
    const local = this.localTime(at);
    return this.spans.some((span) => span.days.has(local.weekday) && local.minutes >= span.opens && local.minutes < span.closes);
  }

  /** `at` itself when open; otherwise the next moment staff are back. */
  nextOpening(at: Date): Date {
    if (this.isOpen(at)) return at;
    const local = this.localTime(at);
    let best: number | undefined;
    for (let dayOffset = 0; dayOffset <= 7; dayOffset++) {
      // Calendar arithmetic on a UTC date carrying the local calendar day: no time zone involved.
      const calendar = new Date(Date.UTC(local.year, local.month - 1, local.day + dayOffset));
      const weekday = calendar.getUTCDay();
      for (const span of this.spans) {
        if (!span.days.has(weekday)) continue;
        const opening = this.localToInstant(calendar.getUTCFullYear(), calendar.getUTCMonth() + 1, calendar.getUTCDate(), span.opens);
        if (opening > at.getTime() && (best === undefined || opening < best)) best = opening;
      }
      if (best !== undefined) break;
    }
    return new Date(best ?? at.getTime());
  }

  private localTime(at: Date): LocalTime {
    const parts: Record<string, string> = {};
    for (const part of this.format.formatToParts(at)) parts[part.type] = part.value;
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      weekday: DAYS.indexOf(parts.weekday.toLowerCase().slice(0, 3)),
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }

  /** The instant at which the local wall clock reads the given day and minute (two passes settle DST). */
  private localToInstant(year: number, month: number, day: number, minutes: number): number {
    const wall = Date.UTC(year, month - 1, day, 0, minutes);
    let guess = wall;
    for (let i = 0; i < 2; i++) {
      const seen = this.localTime(new Date(guess));
      const seenWall = Date.UTC(seen.year, seen.month - 1, seen.day, 0, seen.minutes);
      guess += wall - seenWall;
    }
    return guess;
  }
}

function parseSpan(spec: string, part: string): OpeningSpan {
  const match = /^([A-Za-z]{3})(?:-([A-Za-z]{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(part);
  if (!match) throw new BusinessHoursError(spec, `"${part}" should look like "Mon-Fri 09:00-18:00"`);
  const [, fromDay, toDay, oh, om, ch, cm] = match;
  const from = DAYS.indexOf(fromDay.toLowerCase());
  const to = toDay ? DAYS.indexOf(toDay.toLowerCase()) : from;
  if (from < 0 || to < 0) throw new BusinessHoursError(spec, `unknown day in "${part}" (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)`);
  const opens = Number(oh) * 60 + Number(om);
  const closes = Number(ch) * 60 + Number(cm);
  if (Number(oh) > 23 || Number(om) > 59 || Number(ch) > 24 || Number(cm) > 59 || closes > 24 * 60) {
    throw new BusinessHoursError(spec, `invalid time in "${part}"`);
  }
  if (closes <= opens) throw new BusinessHoursError(spec, `"${part}" closes before it opens (spans crossing midnight: split them in two)`);
  const days = new Set<number>();
  for (let d = from; ; d = (d + 1) % 7) {
    days.add(d);
    if (d === to) break;
  }
  return { days, opens, closes };
}

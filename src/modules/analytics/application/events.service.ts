import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { InvalidWindowError } from '../domain/analytics.errors';
import { EventFilter, EventQuery, LoggedEvent } from './event-query';

const DAY_MS = 86_400_000;
/** A query spans at most this many days of the log (partitions read). */
export const MAX_EVENT_WINDOW_DAYS = 92;

/** Queries of the event log: what one request (correlation id) or one trace caused, or an entity's history. */
@Injectable()
export class EventsService {
  constructor(private readonly events: EventQuery) {}

  find(query: Omit<EventFilter, 'since' | 'until'> & { since?: Date; until?: Date }): Promise<Page<LoggedEvent>> {
    const until = query.until ?? new Date(Date.now() + 60_000);
    const since = query.since ?? new Date(until.getTime() - 30 * DAY_MS);
    if (since >= until) throw new InvalidWindowError('`since` must be before `until`');
    if (until.getTime() - since.getTime() > MAX_EVENT_WINDOW_DAYS * DAY_MS)
      throw new InvalidWindowError(`The window may span at most ${MAX_EVENT_WINDOW_DAYS} days`);
    return this.events.find({ ...query, since, until });
  }
}

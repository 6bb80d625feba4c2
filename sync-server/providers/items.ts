import { createHash } from 'node:crypto';
import type { CalendarEvent } from '../../src/domain/event';
import { sameJson } from '../merge';
import type { ItemContent, ProviderEvent } from './connector';

/**
 * The unit the reconciler keeps in step: a series master (or single event) with its exceptions,
 * which a provider stores and versions as one item under one UID.
 */
export interface LocalItem {
  /** The master's id: the item's identity on this side. */
  eventId: string;
  /** The master's calendar now (an item moved to another calendar has left this one). */
  calendarId: string;
  /** The newest version among the master and its exceptions, tombstones included. */
  version: number;
  /** The master is deleted: the whole item is gone. */
  deleted: boolean;
  /** Live events only: the master first, then its exceptions. */
  events: CalendarEvent[];
}

/** The key of an event inside its item: `''` for the master, the original start for an exception. */
export function keyOf(event: Pick<ProviderEvent, 'originalStart'>): string {
  return event.originalStart ?? '';
}

export function toProviderEvent(event: CalendarEvent): ProviderEvent {
  const { id: _id, calendarId: _calendarId, seriesId: _seriesId, ...rest } = event;
  return rest;
}

/** An item's content as a provider stores it: the events without TempoPilot's identifiers. */
export function contentOf(item: LocalItem, uid: string): ItemContent {
  return { uid, events: sortedEvents(item.events.map(toProviderEvent)) };
}

/** The master first, then exceptions by original start: a stable order to compare and store. */
export function sortedEvents(events: readonly ProviderEvent[]): ProviderEvent[] {
  return [...events].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

export function sameEvents(a: readonly ProviderEvent[], b: readonly ProviderEvent[]): boolean {
  return sameJson(sortedEvents(a), sortedEvents(b));
}

/**
 * The local id of an item first seen on a provider: derived from calendar and UID, so finding
 * the same item again (a lost status row, a full resync) can never create a second copy.
 */
export function remoteOriginId(calendarId: string, uid: string): string {
  return `r${createHash('sha256').update(`${calendarId}\n${uid}`).digest('hex').slice(0, 31)}`;
}

/** An item TempoPilot created carries its own id as UID; one from a provider, a derived id. */
export function localIdCandidates(calendarId: string, uid: string): string[] {
  return [uid, remoteOriginId(calendarId, uid)];
}

/**
 * A provider's content as local events: the master takes the item's id; each exception keeps the
 * id it already has (matched by original start), or takes one derived from the master's.
 */
export function eventsFromContent(events: readonly ProviderEvent[], eventId: string, calendarId: string, existing: readonly CalendarEvent[]): CalendarEvent[] {
  const existingIds = new Map(existing.filter((e) => e.originalStart !== undefined).map((e) => [e.originalStart!, e.id]));
  return sortedEvents(events).map((event): CalendarEvent => {
    if (event.originalStart === undefined) return { ...event, id: eventId, calendarId };
    const id = existingIds.get(event.originalStart) ?? `${eventId}_${event.originalStart.replace(/[^0-9]/g, '')}`;
    return { ...event, id, calendarId, seriesId: eventId };
  });
}

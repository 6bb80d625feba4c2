import type { ApiClient } from '../../api/client';
import type { Turn } from '../../assistant/turn';
import type { AgendaEntry } from '../../domain/agenda';
import { instantToLocal } from '../../domain/time';

export interface NotificationAction {
  id: NotificationActionId;
  label: string;
}
export type NotificationActionId = 'undo' | 'snooze' | 'open';

export interface DesktopNotification {
  kind: 'applied' | 'reminder' | 'info';
  title: string;
  body: string;
  /** Buttons where the platform has them; the adapter drops them elsewhere (the body says how else). */
  actions: NotificationAction[];
  /** The event it is about, for "open". */
  eventId?: string;
}

export const SNOOZE_MS = 5 * 60_000;

/** After an applied plan: what changed, with Undo. Other outcomes are shown by the HUD only. */
export function appliedNotification(turn: Pick<Turn, 'outcome' | 'reply' | 'eventIds'>, supportsActions: boolean): DesktopNotification | undefined {
  if (turn.outcome !== 'applied') return undefined;
  return {
    kind: 'applied',
    title: 'TempoPilot',
    body: supportsActions ? turn.reply : `${turn.reply} (to undo, say “undo that” or use Undo in the tray menu)`,
    actions: [{ id: 'undo', label: 'Undo' }],
    ...(turn.eventIds[0] !== undefined && { eventId: turn.eventIds[0] }),
  };
}

function clock(instant: number, timeZone: string): string {
  return instantToLocal(instant, timeZone).slice(11, 16);
}

/** An event about to start (or a reminder now due), with Snooze and Open. */
export function reminderNotification(entry: AgendaEntry, now: number, timeZone: string): DesktopNotification {
  const minutes = Math.round((entry.startsAt - now) / 60_000);
  const when = minutes <= 0 ? 'Now' : `In ${minutes} min`;
  const range = `${clock(entry.startsAt, timeZone)}–${clock(entry.endsAt, timeZone)}`;
  return {
    kind: 'reminder',
    title: entry.title,
    body: [`${when} · ${range}`, entry.location].filter(Boolean).join(' · '),
    actions: [
      { id: 'snooze', label: 'Snooze 5 min' },
      { id: 'open', label: 'Open' },
    ],
    eventId: entry.eventId,
  };
}

/**
 * The change a notification's Undo may take back. history.undo undoes the newest change, so an
 * Undo is honoured only while the change it was shown for is still the newest: any other change
 * (from the window, the CLI, another voice command) makes older notifications' Undo stale.
 */
export class LatestChange {
  private latest: { changeSetId: number; reply: string } | undefined;

  applied(turn: Pick<Turn, 'outcome' | 'changeSetId' | 'reply'>): void {
    this.latest = turn.outcome === 'applied' && turn.changeSetId !== undefined ? { changeSetId: turn.changeSetId, reply: turn.reply } : undefined;
  }

  /** Something else changed the calendar (or undid a change). */
  superseded(): void {
    this.latest = undefined;
  }

  get current(): { changeSetId: number; reply: string } | undefined {
    return this.latest;
  }
}

export type UndoResult = { undone: true; reply: string } | { undone: false; reply: string };

/** Undo through the api contract, only if `changeSetId` is still the newest change. */
export async function undoChange(client: ApiClient, latest: LatestChange, changeSetId: number | undefined): Promise<UndoResult> {
  const current = latest.current;
  if (current === undefined || (changeSetId !== undefined && current.changeSetId !== changeSetId)) {
    return { undone: false, reply: 'That change is no longer the latest one, so I left it; undo it in TempoPilot.' };
  }
  const result = await client.send('history.undo', {});
  latest.superseded();
  return result.undone ? { undone: true, reply: `Undid: ${result.undone.label}` } : { undone: false, reply: 'There was nothing to undo.' };
}

import type { AgendaEntry } from '../../domain/agenda';
import { instantToLocal } from '../../domain/time';

/** What a tray menu item does; the controller carries it out, the adapter only reports the click. */
export type TrayAction =
  | { type: 'start-listening' }
  | { type: 'stop-listening' }
  | { type: 'undo' }
  | { type: 'pause-sync' }
  | { type: 'resume-sync' }
  | { type: 'set-open-at-login'; openAtLogin: boolean }
  | { type: 'open' }
  | { type: 'open-event'; eventId: string }
  | { type: 'settings' }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  /** A line of text (a heading, "Nothing else today"), shown disabled. */
  | { kind: 'label'; label: string }
  | { kind: 'separator' };

export interface TrayMenuInput {
  /** Today's agenda in the user's zone. */
  entries: readonly AgendaEntry[];
  now: number;
  timeZone: string;
  listening: boolean;
  hotkeyLabel: string;
  sync: { connected: boolean; paused: boolean };
  /** The last change that can be undone, as the assistant named it. */
  undoLabel?: string;
  /** Whether TempoPilot opens at login; left out where that cannot be set. */
  openAtLogin?: boolean;
  maxEvents?: number;
}

const DEFAULT_MAX_EVENTS = 5;

function clock(instant: number, timeZone: string): string {
  return instantToLocal(instant, timeZone).slice(11, 16);
}

function eventLabel(entry: AgendaEntry, now: number, timeZone: string): string {
  const when = entry.allDay ? 'All day' : entry.startsAt <= now ? 'Now' : clock(entry.startsAt, timeZone);
  return `${when}  ${entry.title}`;
}

/** Events still to come (or going on) today, soonest first; cancelled ones left out. */
export function nextEvents(entries: readonly AgendaEntry[], now: number, max = DEFAULT_MAX_EVENTS): AgendaEntry[] {
  return entries
    .filter((entry) => entry.endsAt > now && entry.status !== 'cancelled')
    .sort((a, b) => Number(b.allDay) - Number(a.allDay) || a.startsAt - b.startsAt)
    .slice(0, max);
}

/**
 * The tray menu: today's next events, then Start listening, Undo, Pause/Resume sync, Open at
 * login, Open TempoPilot, Settings and Quit. A pure function of what the controller knows, so every rule
 * here is tested without a tray.
 */
export function buildTrayMenu(input: TrayMenuInput): TrayMenuItem[] {
  const upcoming = nextEvents(input.entries, input.now, input.maxEvents);
  const items: TrayMenuItem[] = [{ kind: 'label', label: 'Today' }];
  if (upcoming.length === 0) items.push({ kind: 'label', label: 'Nothing else today' });
  for (const entry of upcoming) {
    items.push({ kind: 'action', label: eventLabel(entry, input.now, input.timeZone), action: { type: 'open-event', eventId: entry.eventId }, enabled: true });
  }
  items.push(
    { kind: 'separator' },
    input.listening
      ? { kind: 'action', label: 'Stop listening', action: { type: 'stop-listening' }, enabled: true }
      : { kind: 'action', label: `Start listening (${input.hotkeyLabel})`, action: { type: 'start-listening' }, enabled: true },
    { kind: 'action', label: input.undoLabel ? `Undo “${input.undoLabel}”` : 'Undo', action: { type: 'undo' }, enabled: input.undoLabel !== undefined },
    { kind: 'separator' },
  );
  if (!input.sync.connected) items.push({ kind: 'label', label: 'Sync: not connected' });
  else if (input.sync.paused) items.push({ kind: 'action', label: 'Resume sync', action: { type: 'resume-sync' }, enabled: true });
  else items.push({ kind: 'action', label: 'Pause sync', action: { type: 'pause-sync' }, enabled: true });
  items.push({ kind: 'separator' });
  if (input.openAtLogin !== undefined) {
    items.push({ kind: 'checkbox', label: 'Open at login', checked: input.openAtLogin, action: { type: 'set-open-at-login', openAtLogin: !input.openAtLogin } });
  }
  items.push(
    { kind: 'action', label: 'Open TempoPilot', action: { type: 'open' }, enabled: true },
    { kind: 'action', label: 'Settings…', action: { type: 'settings' }, enabled: true },
    { kind: 'action', label: 'Quit TempoPilot', action: { type: 'quit' }, enabled: true },
  );
  return items;
}

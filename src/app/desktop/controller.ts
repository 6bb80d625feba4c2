import type { ApiClient } from '../../api/client';
import type { AgendaEntry } from '../../domain/agenda';
import { addDaysToLocalDate, today } from '../../domain/time';
import { HudMachine, hudView, type HudState } from './hud';
import { appliedNotification, LatestChange, reminderNotification, undoChange, type DesktopNotification, type NotificationActionId } from './notifications';
import type { HotkeyListener, HudWindow, LoginItem, Microphone, Notifier, Recording, Tray, TrayStatus } from './ports';
import { systemTimers, type Timers } from './timers';
import { ReminderSchedule } from './reminders';
import { SyncLoop } from './sync-loop';
import { buildTrayMenu, type TrayAction } from './tray-menu';
import type { VoiceTurn, VoiceTurnResult, VoiceTurns } from './voice-turns';

/** What only the shell can do: windows and quitting. */
export interface ShellActions {
  open(): void;
  openEvent(eventId: string): void;
  settings(): void;
  quit(): void;
}

export interface DesktopControllerOptions {
  client: ApiClient;
  hotkey: HotkeyListener;
  microphone: Microphone;
  voice: VoiceTurns;
  timeZone: string;
  hud?: HudWindow;
  notifier?: Notifier;
  tray?: Tray;
  loginItem?: LoginItem;
  shell?: Partial<ShellActions>;
  now?: () => number;
  timers?: Timers;
  /** One line per finished utterance and per background failure. */
  log?: (line: string) => void;
}

interface Utterance {
  id: number;
  turn: VoiceTurn;
  recording: Promise<Recording | undefined>;
}

/** Input level for the HUD's meter: RMS of 16-bit samples, scaled so speech fills most of it. */
export function levelOf(chunk: Int16Array): number {
  if (chunk.length === 0) return 0;
  let sum = 0;
  for (const sample of chunk) sum += (sample / 32_768) ** 2;
  return Math.min(1, Math.sqrt(sum / chunk.length) / 0.25);
}

const LEVEL_EVERY_MS = 100;
/** How often the tray's agenda and the reminders are refreshed. */
const TICK_MS = 30_000;

/**
 * The desktop's behaviour, whatever the shell: hotkey down/up -> microphone -> voice turn ->
 * assistant -> HUD and notifications; the tray's menu and actions; reminders; background sync.
 * It reaches the host only through the api client, and the OS only through the ports, so the
 * Electron shell and the headless daemon are two compositions of this one class.
 */
export class DesktopController {
  private readonly hud: HudMachine;
  private readonly latest = new LatestChange();
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly sync: SyncLoop;
  private readonly reminders: ReminderSchedule;
  private readonly unsubscribe: (() => void)[] = [];
  private generation = 0;
  private utterance: Utterance | undefined;
  private working: Promise<void> = Promise.resolve();
  private entries: AgendaEntry[] = [];
  private syncConnected = false;
  private tick: unknown;
  private lastLevelAt = 0;
  /** The utterance being worked on after key-up, to drop at the work time limit. */
  private inFlight: VoiceTurn | undefined;

  constructor(private readonly options: DesktopControllerOptions) {
    this.timers = options.timers ?? systemTimers;
    this.now = options.now ?? Date.now;
    this.hud = new HudMachine({
      timers: this.timers,
      onListenLimit: () => {
        options.hotkey.released?.();
        void this.keyUp();
      },
      onWorkTimeout: () => {
        this.generation++;
        this.inFlight?.cancel();
      },
    });
    this.sync = new SyncLoop(options.client, { timers: this.timers, onError: (message) => this.log(`sync failed: ${message}`) });
    this.reminders = new ReminderSchedule(options.client, this.now());
    this.hud.onChange((state) => this.render(state));
  }

  /** Resolves when the utterance under way (if any) has been shown. */
  settled(): Promise<void> {
    return this.working;
  }

  async start(): Promise<void> {
    const { hotkey, client } = this.options;
    await hotkey.start({
      onDown: () => void this.keyDown(),
      onUp: () => void this.keyUp(),
      onCancel: () => void this.cancel(),
      onError: (error) => this.hud.failed(`The hotkey stopped working: ${error.message}`, 'Restart TempoPilot, or choose another hotkey in Settings.'),
    });
    this.unsubscribe.push(
      client.listen('calendar.changed', ({ reason }) => {
        if (reason !== 'sync') {
          this.latest.superseded();
          this.sync.changed();
        }
        void this.refreshAgenda();
      }),
    );
    // Loads the speech engine now, so the first key-down does not wait for it.
    void client.sendCatch('voice.status', {});
    this.sync.start();
    this.tick = this.timers.setInterval(() => void this.onTick(), TICK_MS);
    await this.refreshAgenda();
  }

  async stop(): Promise<void> {
    this.options.hotkey.stop();
    if (this.tick !== undefined) this.timers.clearInterval(this.tick);
    for (const off of this.unsubscribe.splice(0)) off();
    this.generation++;
    const utterance = this.utterance;
    this.utterance = undefined;
    utterance?.turn.cancel();
    await (await utterance?.recording)?.stop();
    this.hud.cancel();
    await this.sync.stop();
  }

  /**
   * Hotkey down: the HUD listens and the microphone opens. Started from the tray there is no
   * key to release, so it behaves as a toggle (the next press, or Stop listening, ends it).
   */
  async keyDown(mode = this.options.hotkey.mode): Promise<void> {
    const { hotkey, microphone, voice } = this.options;
    if (!this.hud.startListening(mode, hotkey.label)) return;
    const id = ++this.generation;
    const turn = voice.begin();
    const recording = microphone
      .start((chunk) => {
        if (this.generation !== id) return;
        turn.push(chunk);
        const now = this.now();
        if (now - this.lastLevelAt >= LEVEL_EVERY_MS) {
          this.lastLevelAt = now;
          this.hud.level(levelOf(chunk));
        }
      })
      .catch((error: Error) => {
        if (this.generation === id) {
          this.generation++;
          this.utterance = undefined;
          turn.cancel();
          hotkey.released?.();
          this.hud.failed(`The microphone could not be opened: ${error.message}`);
        }
        return undefined;
      });
    this.utterance = { id, turn, recording };
    await recording;
  }

  /** Hotkey up (or Stop listening): the recording ends and the utterance is worked on. */
  keyUp(): Promise<void> {
    const utterance = this.utterance;
    if (!utterance || !this.hud.stopListening()) return this.working;
    this.utterance = undefined;
    this.inFlight = utterance.turn;
    this.working = this.finish(utterance);
    return this.working;
  }

  private async finish(utterance: Utterance): Promise<void> {
    const current = () => this.generation === utterance.id;
    try {
      await (await utterance.recording)?.stop();
      if (!current()) return;
      const result = await utterance.turn.finish((text) => {
        if (current()) this.hud.heard(text);
      });
      if (current()) this.show(result);
    } catch (error) {
      if (current()) this.hud.failed((error as Error).message);
    }
  }

  /** Esc or the tray: drop what is under way, and any question the HUD was asking. */
  async cancel(): Promise<void> {
    const state = this.hud.state;
    if (state.kind === 'idle') return;
    this.generation++;
    const utterance = this.utterance;
    this.utterance = undefined;
    utterance?.turn.cancel();
    this.options.hotkey.released?.();
    this.hud.cancel();
    await (await utterance?.recording)?.stop();
    if (state.kind === 'done' && state.outcome === 'asked') await this.options.client.sendCatch('assistant.dismiss', {});
  }

  async trayAction(action: TrayAction): Promise<void> {
    const shell = this.options.shell ?? {};
    switch (action.type) {
      case 'start-listening':
        return this.keyDown('toggle');
      case 'stop-listening':
        return this.keyUp();
      case 'undo':
        return this.undo(this.latest.current?.changeSetId);
      case 'pause-sync':
        this.sync.pause();
        return this.renderTray();
      case 'resume-sync':
        this.sync.resume();
        return this.renderTray();
      case 'set-open-at-login':
        this.options.loginItem?.set(action.openAtLogin);
        return this.renderTray();
      case 'open':
        return shell.open?.();
      case 'open-event':
        return shell.openEvent?.(action.eventId);
      case 'settings':
        return shell.settings?.();
      case 'quit':
        return shell.quit?.();
    }
  }

  private show(result: VoiceTurnResult): void {
    const { hotkey, notifier } = this.options;
    if (result.kind === 'cancelled') return;
    if (result.kind !== 'turn') {
      this.hud.failed(result.message, result.kind === 'no-speech' ? `Try again: ${hotkey.mode === 'hold' ? 'hold' : 'press'} ${hotkey.label} and speak.` : undefined);
      this.log(result.message);
      return;
    }
    const { turn, transcript } = result;
    this.latest.applied(turn);
    this.hud.finished(turn, transcript, hotkey.label);
    this.log(`"${transcript}" -> ${turn.outcome}: ${turn.reply} (key-up to done ${Math.round(result.keyUpToDoneMs)} ms)`);
    const notification = notifier && appliedNotification(turn, notifier.supportsActions);
    if (notification) this.notify(notification, turn.changeSetId);
    this.renderTray();
  }

  private notify(notification: DesktopNotification, changeSetId?: number, entry?: AgendaEntry): void {
    this.options.notifier?.show(notification, (id) => void this.notificationAction(id as NotificationActionId, notification, changeSetId, entry));
  }

  async notificationAction(id: NotificationActionId, notification: DesktopNotification, changeSetId?: number, entry?: AgendaEntry): Promise<void> {
    if (id === 'undo') return this.undo(changeSetId);
    if (id === 'snooze' && entry) return this.reminders.snooze(entry, this.now());
    if (id === 'open') {
      if (notification.eventId !== undefined) this.options.shell?.openEvent?.(notification.eventId);
      else this.options.shell?.open?.();
    }
  }

  private async undo(changeSetId: number | undefined): Promise<void> {
    try {
      const result = await undoChange(this.options.client, this.latest, changeSetId);
      this.hud.announce(result.reply, result.undone ? 'undone' : 'failed', this.options.hotkey.label);
    } catch (error) {
      this.hud.failed(`Undo failed: ${(error as Error).message}`);
    }
    this.renderTray();
  }

  private async onTick(): Promise<void> {
    await this.refreshAgenda();
    try {
      const now = this.now();
      for (const entry of await this.reminders.due(now)) this.notify(reminderNotification(entry, now, this.options.timeZone), undefined, entry);
    } catch (error) {
      this.log(`reminders failed: ${(error as Error).message}`);
    }
  }

  private async refreshAgenda(): Promise<void> {
    if (!this.options.tray) return;
    const { client, timeZone } = this.options;
    const day = today(timeZone, this.now());
    const [agenda, status] = await Promise.all([
      client.sendCatch('agenda.list', { from: day, to: addDaysToLocalDate(day, 1), timeZone }),
      client.sendCatch('sync.status', {}),
    ]);
    if (agenda.ok) this.entries = agenda.data.entries;
    if (status.ok) this.syncConnected = status.data.connected;
    this.renderTray();
  }

  private render(state: HudState): void {
    const { hud } = this.options;
    if (state.kind === 'idle') hud?.hide();
    else hud?.show(hudView(state));
    this.renderTray();
  }

  private renderTray(): void {
    const { tray, hotkey, timeZone } = this.options;
    if (!tray) return;
    const state = this.hud.state;
    const undoLabel = this.latest.current?.reply;
    tray.setMenu(
      buildTrayMenu({
        entries: this.entries,
        now: this.now(),
        timeZone,
        listening: state.kind === 'listening',
        hotkeyLabel: hotkey.label,
        sync: { connected: this.syncConnected, paused: this.sync.paused },
        ...(undoLabel !== undefined && { undoLabel }),
        ...(this.options.loginItem && { openAtLogin: this.options.loginItem.get() }),
      }),
      (action) => void this.trayAction(action),
    );
    tray.setStatus(this.trayStatus(state));
  }

  private trayStatus(state: HudState): TrayStatus {
    const { hotkey } = this.options;
    switch (state.kind) {
      case 'listening':
        return { state: 'listening', tooltip: 'TempoPilot: listening' };
      case 'transcribing':
      case 'planning':
        return { state: 'working', tooltip: 'TempoPilot: working…' };
      case 'error':
        return { state: 'error', tooltip: `TempoPilot: ${state.message}` };
      default:
        if (this.sync.paused) return { state: 'paused', tooltip: 'TempoPilot: sync paused' };
        return { state: 'idle', tooltip: `TempoPilot: ${hotkey.mode === 'hold' ? 'hold' : 'press'} ${hotkey.label} to talk` };
    }
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}

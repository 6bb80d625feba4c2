import type { DesktopNotification } from '../../src/app/desktop/notifications';
import type { HudView } from '../../src/app/desktop/hud';
import type { HotkeyMode } from '../../src/app/desktop/chord';
import type { HotkeyHandlers, HotkeyListener, HudWindow, Microphone, Notifier, Recording, Tray, TrayStatus } from '../../src/app/desktop/ports';
import type { Timers } from '../../src/app/desktop/timers';
import type { TrayAction, TrayMenuItem } from '../../src/app/desktop/tray-menu';

/** In-memory adapters for the desktop's ports: each records what it was asked to do. */

/** Timers that run only when the test advances the clock. */
export class ManualTimers implements Timers {
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; run: () => void; every?: number }>();
  now = 0;

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  setInterval(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, run, every: ms });
    return id;
  }

  clearInterval(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Moves the clock on, running whatever falls due, in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.now = timer.at;
      if (timer.every) timer.at += timer.every;
      else this.pending.delete(id);
      timer.run();
    }
    this.now = end;
  }
}

export class FakeHotkey implements HotkeyListener {
  handlers: HotkeyHandlers | undefined;
  releasedCount = 0;
  stopped = false;

  constructor(
    readonly mode: HotkeyMode = 'hold',
    readonly label = 'Ctrl+Alt+Space',
  ) {}

  async start(handlers: HotkeyHandlers): Promise<void> {
    this.handlers = handlers;
  }

  released(): void {
    this.releasedCount++;
  }

  stop(): void {
    this.stopped = true;
  }
}

/** A microphone that plays the given samples (16 kHz mono) in chunks when started. */
export class FakeMicrophone implements Microphone {
  recordings = 0;
  stopped = 0;
  failWith: Error | undefined;

  constructor(public samples: Int16Array = new Int16Array(0)) {}

  async start(onChunk: (chunk: Int16Array) => void): Promise<Recording> {
    if (this.failWith) throw this.failWith;
    this.recordings++;
    for (let i = 0; i < this.samples.length; i += 1_600) onChunk(this.samples.subarray(i, i + 1_600));
    return {
      stop: async () => {
        this.stopped++;
      },
    };
  }
}

export class FakeHud implements HudWindow {
  readonly shown: HudView[] = [];
  visible = false;

  show(view: HudView): void {
    this.shown.push(view);
    this.visible = true;
  }

  hide(): void {
    this.visible = false;
  }

  get states(): string[] {
    return this.shown.map((v) => v.state).filter((state, i, all) => state !== all[i - 1]);
  }
}

export class FakeNotifier implements Notifier {
  readonly shown: { notification: DesktopNotification; act: (actionId: string) => void }[] = [];

  constructor(readonly supportsActions = true) {}

  show(notification: DesktopNotification, onAction: (actionId: string) => void) {
    this.shown.push({ notification, act: onAction });
    return { close: () => undefined };
  }
}

export class FakeTray implements Tray {
  menu: readonly TrayMenuItem[] = [];
  status: TrayStatus | undefined;
  private onAction: ((action: TrayAction) => void) | undefined;

  setMenu(items: readonly TrayMenuItem[], onAction: (action: TrayAction) => void): void {
    this.menu = items;
    this.onAction = onAction;
  }

  setStatus(status: TrayStatus): void {
    this.status = status;
  }

  labels(): string[] {
    return this.menu.map((item) => (item.kind === 'separator' ? '---' : item.label));
  }

  click(label: string): void {
    const item = this.menu.find((i) => i.kind === 'action' && i.label === label);
    if (!item || item.kind !== 'action') throw new Error(`no menu item "${label}" in ${JSON.stringify(this.labels())}`);
    this.onAction?.(item.action);
  }
}

import { BrowserWindow, screen } from 'electron';
import type { HudView } from '../../src/app/desktop/hud';
import { hudHtml } from '../../src/app/desktop/hud-html';
import type { HudWindow } from '../../src/app/desktop/ports';
import { secureWebPreferences } from '../security';

const WIDTH = 440;
const HEIGHT = 110;
/** The level meter is redrawn at most this often: each redraw loads a new page. */
const LEVEL_REDRAW_MS = 200;

/**
 * The HUD: a small frameless window, always on top, that never takes focus. Its page is static
 * HTML from hudHtml() with JavaScript off and no preload: it shows text and can do nothing else.
 */
export class ElectronHud implements HudWindow {
  private window: BrowserWindow | undefined;
  private shown: HudView | undefined;
  private drawnAt = 0;

  show(view: HudView): void {
    const onlyLevel = this.shown !== undefined && view.state === this.shown.state && view.title === this.shown.title && view.hint === this.shown.hint;
    if (onlyLevel && Date.now() - this.drawnAt < LEVEL_REDRAW_MS) return;
    this.shown = view;
    this.drawnAt = Date.now();
    const window = this.ensureWindow();
    void window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(hudHtml(view))}`);
    if (!window.isVisible()) window.showInactive();
  }

  hide(): void {
    this.shown = undefined;
    this.window?.hide();
  }

  private ensureWindow(): BrowserWindow {
    if (this.window && !this.window.isDestroyed()) return this.window;
    const { workArea } = screen.getPrimaryDisplay();
    this.window = new BrowserWindow({
      width: WIDTH,
      height: HEIGHT,
      x: Math.round(workArea.x + (workArea.width - WIDTH) / 2),
      y: Math.round(workArea.y + workArea.height - HEIGHT - 48),
      frame: false,
      transparent: true,
      resizable: false,
      movable: false,
      focusable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      show: false,
      webPreferences: { ...secureWebPreferences(), javascript: false },
    });
    this.window.setAlwaysOnTop(true, 'screen-saver');
    this.window.setVisibleOnAllWorkspaces(true);
    this.window.setIgnoreMouseEvents(true);
    return this.window;
  }
}

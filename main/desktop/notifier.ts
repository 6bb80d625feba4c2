import { Notification } from 'electron';
import type { DesktopNotification } from '../../src/app/desktop/notifications';
import type { Notifier, ShownNotification } from '../../src/app/desktop/ports';

/**
 * Notifications over Electron. Buttons exist on macOS only (Windows needs toast XML, Linux's
 * notification daemons are not reached by Electron's actions), so elsewhere the text says how to
 * undo, and a click opens the app.
 */
export class ElectronNotifier implements Notifier {
  readonly supportsActions = process.platform === 'darwin';
  /** Kept until closed: a garbage-collected notification loses its click and action handlers. */
  private readonly live = new Set<Notification>();

  show(notification: DesktopNotification, onAction: (actionId: string) => void): ShownNotification {
    const actions = this.supportsActions ? notification.actions : [];
    const shown = new Notification({
      title: notification.title,
      body: notification.body,
      actions: actions.map((action) => ({ type: 'button' as const, text: action.label })),
    });
    this.live.add(shown);
    shown.on('action', (_event, index) => {
      const action = actions[index];
      if (action) onAction(action.id);
    });
    shown.on('click', () => onAction('open'));
    shown.on('close', () => this.live.delete(shown));
    shown.show();
    return {
      close: () => {
        shown.close();
        this.live.delete(shown);
      },
    };
  }
}

import { spawn } from 'node:child_process';
import { findOnPath } from './recorder';
import type { DesktopNotification } from './notifications';
import type { Notifier } from './ports';

/**
 * Notifications for the headless daemon: `notify-send` (libnotify) where it is installed, else a
 * printed line. Neither carries buttons; the notification's text says how to undo instead.
 */
function notifySendNotifier(program: string, onError: (message: string) => void = () => undefined): Notifier {
  return {
    supportsActions: false,
    show(notification: DesktopNotification) {
      // "--" ends the options, so a title that starts with "-" is never read as one.
      const child = spawn(program, ['--app-name=TempoPilot', '--', notification.title, notification.body], { stdio: 'ignore' });
      child.on('error', (error) => onError(`notify-send failed: ${error.message}`));
      return { close: () => undefined };
    },
  };
}

function printingNotifier(print: (line: string) => void): Notifier {
  return {
    supportsActions: false,
    show(notification: DesktopNotification) {
      print(`[${notification.kind}] ${notification.title}: ${notification.body}`);
      return { close: () => undefined };
    },
  };
}

/** notify-send when present, else printing. */
export function systemNotifier(print: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Notifier {
  const program = findOnPath('notify-send', env);
  return program ? notifySendNotifier(program, print) : printingNotifier(print);
}

/**
 * Browser notifications stand in for the desktop's in the web face. Permission is asked only
 * from a user gesture (the first push-to-talk), as browsers require and people expect.
 */
export function askNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
}

/** Tells a person who has looked away what was done; in view, the console already shows it. */
export function notifyApplied(text: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.visibilityState === 'visible') return;
  const notification = new Notification('TempoPilot', { body: text, tag: 'tempopilot-applied' });
  notification.onclick = () => window.focus();
}

import { Menu, Tray as ElectronTrayIcon, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { Tray, TrayStatus } from '../../src/app/desktop/ports';
import type { TrayAction, TrayMenuItem } from '../../src/app/desktop/tray-menu';

/** The tray icon over Electron: it draws the menu model and reports clicks, nothing more. */
export class ElectronTray implements Tray {
  private readonly icon: ElectronTrayIcon;

  constructor(iconPath: string) {
    this.icon = new ElectronTrayIcon(nativeImage.createFromPath(iconPath));
  }

  setMenu(items: readonly TrayMenuItem[], onAction: (action: TrayAction) => void): void {
    const template = items.map((item): MenuItemConstructorOptions => {
      switch (item.kind) {
        case 'separator':
          return { type: 'separator' };
        case 'label':
          return { label: item.label, enabled: false };
        case 'checkbox':
          return { type: 'checkbox', label: item.label, checked: item.checked, click: () => onAction(item.action) };
        case 'action':
          return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
      }
    });
    this.icon.setContextMenu(Menu.buildFromTemplate(template));
  }

  setStatus(status: TrayStatus): void {
    this.icon.setToolTip(status.tooltip);
    // macOS shows a title beside the icon; a dot while listening is the cue people look for.
    if (process.platform === 'darwin') this.icon.setTitle(status.state === 'listening' ? '●' : '');
  }

  destroy(): void {
    this.icon.destroy();
  }
}

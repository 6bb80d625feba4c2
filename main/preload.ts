import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Transport } from '../src/api/client';
import type { HostEvent } from '../src/api/contract';
import type { Reply } from '../src/api/errors';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';

/** The only thing the page can reach: the api contract's transport, nothing of Node or Electron. */
const transport = {
  call: (name, args) => ipcRenderer.invoke(IPC_CALL, name, args) as Promise<Reply<unknown>>,
  onEvent(listener) {
    const relay = (_event: IpcRendererEvent, hostEvent: HostEvent) => listener(hostEvent);
    ipcRenderer.on(IPC_EVENT, relay);
    return () => ipcRenderer.off(IPC_EVENT, relay);
  },
} satisfies Transport;

contextBridge.exposeInMainWorld('tempopilot', transport);

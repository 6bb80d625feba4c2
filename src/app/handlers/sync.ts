import type { Handlers } from '../../api/contract';
import type { HostContext } from '../context';

export function syncHandlers(ctx: HostContext): Pick<Handlers, 'sync.status' | 'sync.connect' | 'sync.join' | 'devices.pair' | 'devices.list' | 'devices.revoke'> {
  const session = ctx.sync;
  return {
    'sync.status': () => session.status(),
    'sync.connect': ({ url, deviceName }) => session.connect(url, deviceName),
    'sync.join': ({ url, code, deviceName }) => session.join(url, code, deviceName),
    'devices.pair': () => session.withClient((client) => client.pairingCode()),
    'devices.list': () => session.withClient((client) => client.devices()),
    'devices.revoke': async ({ id }) => {
      await session.withClient((client) => client.revokeDevice(id));
      return { revoked: id };
    },
  };
}

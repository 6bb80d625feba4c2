import { ApiError, type Reply } from './errors';
import type { ArgsOf, HostEvent, HostEventName, HostEvents, MethodName, ResultOf } from './contract';

/** How requests reach the host: in-process for the CLI, IPC in Electron, a WebSocket in the browser. */
export interface Transport {
  call(name: MethodName, args: unknown): Promise<Reply<unknown>>;
  onEvent(listener: (event: HostEvent) => void): () => void;
}

export interface ApiClient {
  /** Calls a method; a failure rejects with an ApiError. */
  send<K extends MethodName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>>;
  /** Calls a method and returns the reply envelope instead of throwing. */
  sendCatch<K extends MethodName>(name: K, args: ArgsOf<K>): Promise<Reply<ResultOf<K>>>;
  listen<K extends HostEventName>(name: K, listener: (payload: HostEvents[K]) => void): () => void;
}

export function createClient(transport: Transport): ApiClient {
  const sendCatch = async <K extends MethodName>(name: K, args: ArgsOf<K>) => (await transport.call(name, args)) as Reply<ResultOf<K>>;
  return {
    sendCatch,
    async send(name, args) {
      const reply = await sendCatch(name, args);
      if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
      return reply.data;
    },
    listen(name, listener) {
      return transport.onEvent((event) => {
        if (event.name === name) listener(event.payload as HostEvents[typeof name]);
      });
    },
  };
}

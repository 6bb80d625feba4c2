import * as Toast from '@radix-ui/react-toast';
import { useEffect, useState } from 'react';
import { createClient, type ApiClient } from '../../src/api/client';
import { Agenda } from './console/Agenda';
import { VoiceConsole } from './console/VoiceConsole';
import { hostTransport } from './transport';

/** Work the host did on its own and could not finish (syncing, indexing), shown as a toast. */
function BackgroundFailures({ client }: { client: ApiClient }) {
  const [failure, setFailure] = useState<{ task: string; message: string } | undefined>();
  useEffect(() => client.listen('background.failed', setFailure), [client]);
  return (
    <Toast.Root className="toast" open={failure !== undefined} onOpenChange={(open) => !open && setFailure(undefined)}>
      <Toast.Title>Trouble {failure?.task}</Toast.Title>
      <Toast.Description>{failure?.message}</Toast.Description>
      <Toast.Close aria-label="Close">×</Toast.Close>
    </Toast.Root>
  );
}

export function App() {
  const [client] = useState<ApiClient | undefined>(() => {
    const transport = hostTransport();
    return transport && createClient(transport);
  });
  const [zone, setZone] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    client?.send('host.info', {}).then(
      (info) => setZone(info.timeZone),
      (failure: Error) => setError(failure.message),
    );
  }, [client]);

  if (!client) {
    return (
      <main>
        <h1>TempoPilot</h1>
        <p>Not connected to a TempoPilot host: open the address that `tempopilot web` printed.</p>
      </main>
    );
  }
  return (
    <Toast.Provider swipeDirection="right">
      <main className="layout">
        <h1>TempoPilot</h1>
        {error && <p role="alert">{error}</p>}
        <VoiceConsole client={client} />
        {zone && <Agenda client={client} zone={zone} />}
      </main>
      <BackgroundFailures client={client} />
      <Toast.Viewport className="toast-viewport" />
    </Toast.Provider>
  );
}

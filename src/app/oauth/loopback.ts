import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The device's half of an OAuth consent for installed apps (RFC 8252 §7.3): a listener on
 * 127.0.0.1 on a free port that waits for the consent page's redirect carrying our random
 * `state`, hands the code to the provider's exchange, and tells the person in the tab how it went.
 */

/** Consent refused, timed out, or the code not accepted: nothing was connected. */
export class ConsentError extends Error {
  override name = 'ConsentError';
}

export interface LoopbackOptions<T> {
  /** What the person is connecting, for the pages and errors ("Google Calendar"). */
  provider: string;
  timeoutMs?: number;
  /** Redeems the code the redirect brought (with the PKCE verifier the caller keeps). */
  exchange: (code: string, redirectUri: string) => Promise<T>;
}

export interface LoopbackRedirect<T> {
  /** `http://127.0.0.1:<port>/`, for the consent URL. */
  redirectUri: string;
  /** For the consent URL: only a redirect with it is the answer. */
  state: string;
  /** What the exchange gave; ConsentError when refused, timed out or not accepted. */
  result: Promise<T>;
  /** Stops waiting (the listener closes). */
  cancel(): void;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export async function listenForConsent<T>(options: LoopbackOptions<T>): Promise<LoopbackRedirect<T>> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const state = randomBytes(16).toString('base64url');

  let settle: { resolve: (value: T) => void; reject: (error: Error) => void } | undefined;
  const result = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const close = () => {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  };
  const fail = (message: string) => {
    close();
    settle?.reject(new ConsentError(message));
  };
  const timer = setTimeout(() => fail(`no answer from the ${options.provider} consent page in time`), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  let answered = false;
  server.on('request', (request, response) => {
    const params = new URL(request.url ?? '/', redirectUri).searchParams;
    // Anything without our state (a favicon request, a forged redirect) is not the answer.
    if (params.get('state') !== state) {
      response.writeHead(404).end();
      return;
    }
    const page = (text: string) => response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    // A reloaded tab brings the same code again: redeemed twice, the second refusal would undo a
    // consent the first redemption completes.
    if (answered) {
      page('TempoPilot is already finishing this sign-in. You can close this tab.');
      return;
    }
    answered = true;
    const error = params.get('error');
    const code = params.get('code');
    if (error || !code) {
      page('TempoPilot was not given access. You can close this tab.');
      fail(`${options.provider} consent refused: ${error ?? 'no code'}`);
      return;
    }
    options.exchange(code, redirectUri).then(
      (value) => {
        page(`TempoPilot is connected to ${options.provider}. You can close this tab.`);
        close();
        settle?.resolve(value);
      },
      (exchangeError: unknown) => {
        page('TempoPilot could not finish signing in. You can close this tab.');
        fail(exchangeError instanceof ConsentError ? exchangeError.message : `the authorization code was refused: ${(exchangeError as Error).message}`);
      },
    );
  });

  return { redirectUri, state, result, cancel: () => fail('consent cancelled') };
}

import { describe, expect, it } from 'vitest';
import { listenForConsent } from './loopback';

describe('the loopback listener for a consent redirect', () => {
  it('redeems the code once: the same redirect again (a reloaded tab) neither redeems it twice nor undoes the sign-in', async () => {
    const redeemed: string[] = [];
    let firstRedeeming!: () => void;
    const redeeming = new Promise<void>((resolve) => (firstRedeeming = resolve));
    let finishFirst!: (tokens: string) => void;
    const redirect = await listenForConsent({
      provider: 'Test Calendar',
      // As a provider does: a code is good once, so a second redemption is refused at once.
      exchange: (code) => {
        redeemed.push(code);
        if (redeemed.length > 1) return Promise.reject(new Error('invalid_grant: the code was redeemed already'));
        firstRedeeming();
        return new Promise<string>((resolve) => (finishFirst = resolve));
      },
    });
    const answer = `${redirect.redirectUri}?code=the-code&state=${redirect.state}`;
    const firstTab = fetch(answer).then((response) => response.text(), (error: unknown) => `no page: ${String(error)}`);
    await redeeming;
    const reloaded = await fetch(answer).then((response) => response.text(), (error: unknown) => `no page: ${String(error)}`);
    finishFirst('tokens');

    expect(await redirect.result).toBe('tokens');
    expect(redeemed).toEqual(['the-code']);
    expect(await firstTab).toContain('connected to Test Calendar');
    expect(reloaded).toContain('already finishing this sign-in');
  });

  it('answers only the redirect that carries its state', async () => {
    const redirect = await listenForConsent({ provider: 'Test Calendar', exchange: async () => 'tokens' });
    expect((await fetch(`${redirect.redirectUri}?code=forged&state=not-ours`)).status).toBe(404);
    expect((await fetch(`${redirect.redirectUri}favicon.ico`)).status).toBe(404);
    const outcome = redirect.result.catch((error: unknown) => error);
    redirect.cancel();
    expect(await outcome).toMatchObject({ name: 'ConsentError', message: 'consent cancelled' });
  });
});

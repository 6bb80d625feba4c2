import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { notificationAddress, parsePublicUrl, secretMatches } from './channels';

describe('the public URL the providers deliver to', () => {
  it.each(['https://calendar.example.com', 'https://example.com/tempopilot/', 'http://127.0.0.1:4800', 'http://localhost:4800', 'http://[::1]:4800'])('takes %s', (value) => {
    expect(parsePublicUrl(value).href.startsWith(value.replace(/\/$/, ''))).toBe(true);
  });

  it.each([
    ['http://calendar.example.com', /must use https/],
    ['ftp://calendar.example.com', /must use https/],
    ['calendar.example.com', /not a URL/],
    ['https://calendar.example.com/?x=1', /no query/],
  ])('refuses %s', (value, message) => {
    expect(() => parsePublicUrl(value)).toThrow(message);
  });

  it('puts the receivers below the public URL, path prefix included', () => {
    expect(notificationAddress(parsePublicUrl('https://example.com/tempopilot'), 'google')).toBe('https://example.com/tempopilot/api/v1/provider-notifications/google');
    expect(notificationAddress(parsePublicUrl('https://example.com/'), 'microsoft')).toBe('https://example.com/api/v1/provider-notifications/microsoft');
  });
});

describe('secretMatches', () => {
  const stored = createHash('sha256').update('the channel secret').digest('hex');

  it('takes the secret whose hash is stored, and nothing else', () => {
    expect(secretMatches('the channel secret', stored)).toBe(true);
    expect(secretMatches('the channel secreT', stored)).toBe(false);
    expect(secretMatches('', stored)).toBe(false);
    expect(secretMatches('the channel secret', 'not hex')).toBe(false);
  });
});

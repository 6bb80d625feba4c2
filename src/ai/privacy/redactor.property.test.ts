import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiChatDouble, type OpenAiChatDouble } from '../../../tests/doubles/openai-chat';
import { routerFor } from '../testing/fixtures';
import { CHAT_SYSTEM } from '../tasks/chat-task';
import { originalOffset, Redactor } from './redactor';

let openai: OpenAiChatDouble;
beforeAll(async () => {
  openai = await startOpenAiChatDouble();
});
afterAll(() => openai.close());

const FILLER = ['lunch with', 'call', 'and', 'about the budget on friday at 3pm', 'please ask', 'cc', 'or ring'];
/** Words of the fixed prompt and filler, which a generated name must not be (it would be found there, not leaked). */
const FIXED_WORDS = new Set(`${CHAT_SYSTEM} ${FILLER.join(' ')} calendar facts question none`.toLowerCase().split(/[^a-z]+/));

const name = fc
  .stringMatching(/^[A-Z][a-z]{3,9}$/)
  .filter((n) => !FIXED_WORDS.has(n.toLowerCase()) && !/^(email|phone|person)$/i.test(n));
const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9._]{0,8}[a-z0-9]$/), fc.stringMatching(/^[a-z]{2,10}$/), fc.constantFrom('com', 'org', 'de', 'io')).map(([user, host, tld]) => `${user}@${host}.${tld}`);
const phone = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 100, max: 999 }), fc.integer({ min: 100, max: 999 }), fc.integer({ min: 1000, max: 9999 })).map(([cc, a, b, c]) => `+${cc} ${a}-${b}-${c}`),
  fc.tuple(fc.integer({ min: 10, max: 999 }), fc.integer({ min: 1000, max: 99999999 })).map(([area, rest]) => `(0${area}) ${rest}`),
  fc.tuple(fc.integer({ min: 100, max: 999 }), fc.integer({ min: 100, max: 999 }), fc.integer({ min: 1000, max: 9999 })).map(([a, b, c]) => `${a}.${b}.${c}`),
);
const entity = fc.oneof(name.map((value) => ({ kind: 'name' as const, value })), email.map((value) => ({ kind: 'email' as const, value })), phone.map((value) => ({ kind: 'phone' as const, value })));
const utterance = fc.array(fc.tuple(fc.constantFrom(...FILLER), entity), { minLength: 1, maxLength: 5 });

const wholeWord = (text: string, word: string) => new RegExp(`(?<![A-Za-z])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`, 'i').test(text);

describe('the privacy filter', () => {
  it('sends no e-mail address, phone number or name, and restores every one of them in the answer', async () => {
    // The scripted model echoes what it was asked: the answer is made of placeholders only.
    openai.model.answerWith((request) => ({ text: '', pieces: request.lastUser.match(/.{1,7}/gs) ?? [''] }));
    await fc.assert(
      fc.asyncProperty(utterance, async (parts) => {
        openai.model.requests.length = 0;
        const question = parts.map(([filler, e]) => `${filler} ${e.value}`).join(' ');
        const names = parts.flatMap(([, e]) => (e.kind === 'name' ? [e.value] : []));
        const { router } = routerFor({ openai });
        let answer = '';
        for await (const piece of router.chat({ question, facts: [], names })) answer += piece;
        const body = openai.model.requests[0]!.body;
        for (const [, e] of parts) {
          expect(e.kind === 'name' ? wholeWord(body, e.value) : body.includes(e.value)).toBe(false);
          expect(answer).toContain(e.value);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a name inside an e-mail address part of the address, and gives one value one placeholder', () => {
    const redactor = new Redactor(['dana']);
    const out = redactor.redact('Dana (dana@example.com) and dana again');
    expect(out.text).toBe('[PERSON_1] ([EMAIL_1]) and [PERSON_1] again');
    expect(redactor.count).toBe(3);
    expect(redactor.restore(out.text)).toBe('Dana (dana@example.com) and Dana again');
  });

  it('takes local and international numbers, and leaves times, dates and short numbers alone', () => {
    const redactor = new Redactor();
    const text = 'room 12 at 10:30 on 2026-03-05, 3 people, ext 4021, call 555-0134 or +49 30 1234567';
    expect(redactor.redact(text).text).toBe('room 12 at 10:30 on 2026-03-05, 3 people, ext 4021, call [PHONE_1] or [PHONE_2]');
  });

  it('maps offsets in the redacted text back to the original', () => {
    const redactor = new Redactor(['dana']);
    const redacted = redactor.redact('meet dana at 3');
    expect(redacted.text).toBe('meet [PERSON_1] at 3');
    expect(originalOffset(redacted, 5, 'start')).toBe(5);
    expect(originalOffset(redacted, 15, 'end')).toBe(9);
    expect(originalOffset(redacted, 19, 'end')).toBe(13);
  });
});

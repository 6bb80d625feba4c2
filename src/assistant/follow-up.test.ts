import { describe, expect, it } from 'vitest';
import { readShortReply, scopeMentioned } from './follow-up';

describe('reading a short reply to a question', () => {
  it.each([
    ['yes', { kind: 'yes' }],
    ['yeah go ahead', { kind: 'yes' }],
    ['Yes, book it anyway.', { kind: 'yes' }],
    ['uh okay do it', { kind: 'yes' }],
    ['no', { kind: 'no' }],
    ['nope never mind', { kind: 'no' }],
    ['cancel that', { kind: 'no' }],
    ['forget it', { kind: 'no' }],
    ['no, make it friday', { kind: 'no-but' }],
    ['no the second one', { kind: 'pick', index: 1 }],
    ['the second one', { kind: 'pick', index: 1 }],
    ['the 2nd', { kind: 'pick', index: 1 }],
    ['number three', { kind: 'pick', index: 2 }],
    ['first', { kind: 'pick', index: 0 }],
    ['the last one', { kind: 'pick', index: -1 }],
    ['just this one', { kind: 'scope', scope: 'instance' }],
    ['only that one', { kind: 'scope', scope: 'instance' }],
    ['all of them', { kind: 'scope', scope: 'series' }],
    ['the whole series', { kind: 'scope', scope: 'series' }],
    ['every one', { kind: 'scope', scope: 'series' }],
    ['cancel the design review', { kind: 'other' }],
    ['make it four pm instead', { kind: 'other' }],
    ['yes and invite sam', { kind: 'other' }],
    ['', { kind: 'other' }],
  ])('%j', (text, expected) => {
    expect(readShortReply(text)).toEqual(expected);
  });

  it('hears which way a longer answer to "this one or all?" leans', () => {
    expect(scopeMentioned('every standup please')).toBe('series');
    expect(scopeMentioned('only the one today')).toBeUndefined();
    expect(scopeMentioned('just this instance')).toBe('instance');
  });
});

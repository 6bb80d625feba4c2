import { describe, expect, it } from 'vitest';
import { describeProviders } from './accounts';

describe('what tempopilot sync says about calendar accounts', () => {
  it('names conflicts and the changes a provider refused, each on its own line', () => {
    const lines = describeProviders({
      pushed: 0,
      pulled: 0,
      rejected: [],
      conflicts: [],
      providers: [
        {
          accountId: '3f2a9c1b-0000-4000-8000-000000000000',
          state: 'ok',
          pulled: 2,
          pushed: 1,
          conflicts: [{ eventId: 'a1b2c3d4e5', field: 'title', kept: 'Review', discarded: 'Design review' }],
          fullResync: false,
          unreadable: 0,
          refused: [{ eventId: 'party-2026', message: 'Google refused events.insert party-2026: 400 invalid' }],
        },
      ],
    });
    expect(lines).toEqual([
      'Calendar account 3f2a9c1b: 2 change(s) in, 1 out.',
      '  Changed on both sides: title of a1b2c3d4; kept "Review", not "Design review".',
      '  Not accepted by the calendar server: party-20 (Google refused events.insert party-2026: 400 invalid); kept here, sent again when you change it.',
    ]);
  });
});

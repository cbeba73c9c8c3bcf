import { describe, expect, it } from 'vitest';
import { ongoingText } from '../../../src/site/data/incident-view.ts';

describe('how long an open incident has lasted', () => {
  it('counts up to the alert job\'s last check, which is what says the incident still holds', () => {
    // 14:03 to 16:31 UTC is 2 h 28 min; 16:31 UTC is 10:31 AM in Denver (MDT).
    expect(ongoingText('2026-10-27T14:03:00.000Z', '2026-11-01T00:00:00.000Z', '2026-10-27T16:31:00.000Z', 'America/Denver')).toBe("ongoing at the alert job's last check, Oct 27, 2026, 10:31 AM MDT: 2 h 28 min so far");
  });

  it('counts up to the data\'s time when the job\'s last check is not known', () => {
    expect(ongoingText('2026-10-27T14:03:00.000Z', '2026-10-27T18:03:00.000Z', null, 'UTC')).toBe('ongoing, 4 h so far (as of Oct 27, 2026, 6:03 PM UTC)');
  });
});

import { describe, expect, it } from 'vitest';
import { securityTxt } from '../../../src/site/lib/security-txt.ts';

describe('securityTxt (RFC 9116)', () => {
  it('has a Contact, one Expires 180 days after the build, the policy and the canonical address', () => {
    // 2026-09-21T14:13:20Z + 180 days = 2027-03-20T14:13:20Z
    expect(securityTxt({ email: 'security@example.gov', baseUrl: 'https://performance.example.gov/', generatedAt: '2026-09-21T14:13:20.000Z' })).toBe([
      'Contact: mailto:security@example.gov',
      'Expires: 2027-03-20T14:13:20Z',
      'Policy: https://performance.example.gov/vulnerability-disclosure/',
      'Canonical: https://performance.example.gov/.well-known/security.txt',
      'Preferred-Languages: en',
      '',
    ].join('\n'));
  });
});

import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/core/config/parse-yaml.ts';
import { formatIssue } from '../../../src/core/errors.ts';
import { PortalSchema } from '../../../src/core/schemas/portal.ts';

const portal = (extra: string) => `version: 1
title: Portal
agency: Agency
contact: {name: Team, email: team@example.gov}
${extra}`;

describe('portal.yaml site contacts', () => {
  it('are optional: the site falls back to the contact email', () => {
    const result = parseYaml('portal.yaml', portal(''), PortalSchema);
    expect(result.ok && [result.doc.value.accessibility_email, result.doc.value.security_email]).toEqual([undefined, undefined]);
  });

  it('accept email addresses for accessibility reports and security.txt', () => {
    const result = parseYaml('portal.yaml', portal('accessibility_email: a11y@example.gov\nsecurity_email: security@example.gov\n'), PortalSchema);
    expect(result.ok && [result.doc.value.accessibility_email, result.doc.value.security_email]).toEqual(['a11y@example.gov', 'security@example.gov']);
  });

  it('report a bad address at its position', () => {
    const result = parseYaml('portal.yaml', portal('security_email: not-an-email\n'), PortalSchema);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toMatchInlineSnapshot(`
      [
        "portal.yaml:5:17: security_email: expected an email address, got "not-an-email"",
      ]
    `);
  });
});

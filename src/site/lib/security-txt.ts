// How long a security.txt stays valid after the build: RFC 9116 asks for an Expires less than a year ahead.
const SECURITY_TXT_VALID_DAYS = 180;

/**
 * security.txt per RFC 9116: a `Contact`, exactly one `Expires` (the build time plus 180 days, so a
 * rebuild of the same inputs gives the same file), and the policy page.
 */
export function securityTxt({ email, baseUrl, generatedAt }: { email: string; baseUrl: string; generatedAt: string }): string {
  const expires = new Date(Date.parse(generatedAt) + SECURITY_TXT_VALID_DAYS * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    `Contact: mailto:${email}`,
    `Expires: ${expires}`,
    `Policy: ${new URL('/vulnerability-disclosure/', baseUrl).href}`,
    `Canonical: ${new URL('/.well-known/security.txt', baseUrl).href}`,
    'Preferred-Languages: en',
    '',
  ].join('\n');
}

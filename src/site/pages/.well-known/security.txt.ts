import { loadSiteModel } from '../../data/load-model.ts';
import { securityTxt } from '../../lib/security-txt.ts';

/** /.well-known/security.txt (RFC 9116). */
export function GET(): Response {
  const { index } = loadSiteModel();
  return new Response(securityTxt({ email: index.portal.security_email, baseUrl: index.portal.base_url, generatedAt: index.generated_at }));
}

/**
 * Binary media types and MOCK integrations (REST): API Gateway treats a request whose Content-Type matches the
 * API's `binaryMediaTypes` as binary, and a MOCK integration cannot apply its request template to a binary
 * request unless the integration converts it to text (`contentHandling: CONVERT_TO_TEXT`): it answers 500
 * ("Unable to transform request"). A request without a Content-Type — every preflight — is taken as
 * application/json. Sources: API Gateway's content type conversions and payload encodings pages; the Serverless Land
 * snippet "Disable Content-Type conversion in Mock integration".
 */
import type { Api, Route, Scalar, SettingVal } from '../model/types.js';

/** Whether a binary media type as written (`*~1*`, `*\/*`, `application~1json`) covers a Content-Type. */
function covers(type: string, contentType: string): boolean {
  const [want, wantSub] = type.trim().replace(/~1/g, '/').toLowerCase().split('/');
  const [have, haveSub] = contentType.split(';')[0]!.trim().toLowerCase().split('/');
  // Only the forms whose effect is documented: the full wildcard and an exact type.
  if (want === '*' && wantSub === '*') return true;
  return want === have && wantSub === haveSub && want !== '*' && wantSub !== '*';
}

/**
 * For a MOCK integration that does not convert its request to text: the binary media type that makes API Gateway
 * take a request with this Content-Type (none: application/json) as binary, so that the MOCK answers 500.
 * `unknown` when the integration's contentHandling is not known; `undefined` when the request goes through.
 */
export function mockTakesBinary(api: Api, route: Route, contentType?: string): SettingVal<Scalar> | 'unknown' | undefined {
  if (api.kind !== 'rest' || route.integration.type !== 'mock') return undefined;
  const type = (api.binaryMediaTypes ?? []).find((v) => v.known && typeof v.value === 'string' && covers(v.value, contentType ?? 'application/json'));
  if (!type) return undefined;
  const handling = route.integration.contentHandling ?? [];
  if (handling.some((v) => !v.known)) return 'unknown';
  return handling.some((v) => v.known && v.value === 'CONVERT_TO_TEXT') ? undefined : type;
}

/** The rules that offer safe fixes (`fix`), and what the fix does (a helper of the fix tests). */
export const FIXING_RULES: Record<string, string> = {
  'allow-credentials-not-boolean': 'writes the boolean the string meant',
  'auth-header-not-allowed': 'adds the header names the authorization needs to the allow-list',
  'malformed-origin': 'writes the origin as browsers send it (trailing slash, case, default port, spaces, stray quote)',
  'max-age-over-cap': 'writes 7200 seconds',
  'methods-broader-than-routes': 'removes the non-simple methods no route implements',
  'missing-inner-quotes': 'writes the value in single quotes',
  'multiple-origins': 'writes each origin of a list entry as its own entry',
  'origin-not-allowed': "replaces '*' by the configured exact origins",
  'route-method-not-allowed': 'adds the methods the routes implement to the allow-list',
  'preflight-authorizer': "sets SAM's AddDefaultAuthorizerToCorsPreflight / AddApiKeyRequiredToCorsPreflight: false, or an OPTIONS event's Authorizer: NONE",
};

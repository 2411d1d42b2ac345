// The security headers of the web app, written once: CloudFront adds them to every response in
// AWS (stacks/router.ts), the local static server adds them to the built site, and the dev server
// adds them in their development form (React's dev build needs eval and inline scripts, and hot
// reload a websocket). The site loads scripts only from itself and talks only to the API and
// Cognito.

export interface HeaderSources {
  /** The API's URL, or a host pattern such as `https://*.execute-api.<region>.amazonaws.com`; only
   * its origin is used. */
  apiUrl: string;
  /** Cognito's endpoint (AWS: https://cognito-idp.<region>.amazonaws.com). */
  cognitoUrl: string;
  development?: boolean;
}

const origin = (url: string) => new URL(url).origin;

export function contentSecurityPolicy({ apiUrl, cognitoUrl, development }: HeaderSources): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": development ? ["'self'", "'unsafe-eval'", "'unsafe-inline'"] : ["'self'"],
    // React sets style attributes; no style sheet comes from anywhere else.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", origin(apiUrl), origin(cognitoUrl), ...(development ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${[...new Set(values)].join(" ")}`)
    .join("; ");
}

export function securityHeaders(sources: HeaderSources): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(sources),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
    ...(sources.development
      ? {}
      : { "strict-transport-security": "max-age=63072000; includeSubDomains" }),
  };
}

/** CloudFront Function code that sets the headers on a viewer response. */
export function viewerResponseInjection(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(
      ([name, value]) =>
        `event.response.headers[${JSON.stringify(name)}] = { value: ${JSON.stringify(value)} };`,
    )
    .join("\n");
}

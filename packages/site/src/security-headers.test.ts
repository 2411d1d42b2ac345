// Holds the site's security headers and the CSP the front door sends with every page.

import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  securityHeaders,
  viewerResponseInjection,
} from "./security-headers";

const sources = {
  apiUrl: "https://api.example.com/",
  cognitoUrl: "https://cognito-idp.us-east-1.amazonaws.com",
};

describe("contentSecurityPolicy", () => {
  it("allows scripts only from the site, and connections only to it, the API and Cognito", () => {
    const policy = contentSecurityPolicy(sources);
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain(
      "connect-src 'self' https://api.example.com https://cognito-idp.us-east-1.amazonaws.com;",
    );
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
  });

  it("relaxes scripts and adds hot reload only for development", () => {
    const policy = contentSecurityPolicy({ ...sources, development: true });
    expect(policy).toContain("script-src 'self' 'unsafe-eval' 'unsafe-inline';");
    expect(policy).toContain(" ws:");
  });
});

describe("securityHeaders", () => {
  it("includes HSTS only for the deployed site", () => {
    expect(securityHeaders(sources)["strict-transport-security"]).toContain("max-age");
    expect(securityHeaders({ ...sources, development: true })).not.toHaveProperty(
      "strict-transport-security",
    );
  });
});

describe("viewerResponseInjection", () => {
  it("is CloudFront Function code that sets each header", () => {
    const event = { response: { headers: {} as Record<string, { value: string }> } };
    new Function(
      "event",
      viewerResponseInjection({ "x-a": "1", "content-security-policy": "a 'b'" }),
    )(event);
    expect(event.response.headers).toEqual({
      "x-a": { value: "1" },
      "content-security-policy": { value: "a 'b'" },
    });
  });
});

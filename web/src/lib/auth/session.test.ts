import { hasRole, sessionFromToken } from "@/lib/auth/session";
import { browserLanguage } from "@/lib/i18n/i18n";

function token(claims: object): string {
  const encode = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${encode({ alg: "RS256" })}.${encode(claims)}.signature`;
}

describe("the session", () => {
  it("reads sub, org and roles from the token, as an array or a space-separated string", () => {
    const session = sessionFromToken(token({ sub: "anna", org_id: "demo", roles: ["curator", "employee"], exp: 2 }));
    expect(session).toMatchObject({ sub: "anna", orgId: "demo", roles: ["curator", "employee"], expiresAt: 2 });
    expect(sessionFromToken(token({ sub: "b", roles: "admin employee" })).roles).toEqual(["admin", "employee"]);
  });

  it("shows curator screens to curators and admins, never to advocates", () => {
    const advocate = sessionFromToken(token({ sub: "eva", roles: ["employee"] }));
    const admin = sessionFromToken(token({ sub: "bram", roles: ["admin", "employee"] }));
    expect(hasRole(advocate, "curator")).toBe(false);
    expect(hasRole(admin, "curator")).toBe(true);
    expect(hasRole(admin, "admin")).toBe(true);
  });

  it("picks the browser's first language the app speaks", () => {
    expect(browserLanguage(["de-DE", "nl-BE", "en"])).toBe("nl");
    expect(browserLanguage(["fr"])).toBe("en");
  });
});

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { ReconnectBanner } from "@/features/connections/components/ReconnectBanner";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { endSession, hasRole, useSession } from "@/lib/auth/session";
import { isLanguage, setLanguage } from "@/lib/i18n/i18n";

interface NavItem {
  to: string;
  label: string;
}

/** The profile decides the language once it is known; the browser's language is only the first guess. */
function useProfileLanguage() {
  const me = useQuery({
    queryKey: ["me"],
    queryFn: () => unwrap(api.GET("/v1/me")) as Promise<{ name?: string | null; language?: string }>,
    staleTime: 60_000,
  });
  useEffect(() => {
    if (isLanguage(me.data?.language)) setLanguage(me.data.language);
  }, [me.data?.language]);
  return me.data;
}

export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const profile = useProfileLanguage();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => setOpen(false), [location.pathname]);

  const advocate: NavItem[] = [
    { to: "/feed", label: t("nav.feed") },
    { to: "/shares", label: t("nav.shares") },
    { to: "/me/impact", label: t("nav.impact") },
    { to: "/me/connections", label: t("nav.connections") },
    { to: "/me/consents", label: t("nav.consents") },
    { to: "/me/notifications", label: t("nav.notifications") },
    { to: "/me/profile", label: t("nav.profile") },
    { to: "/guidelines", label: t("nav.guidelines") },
    { to: "/occasions", label: t("nav.occasions") },
    { to: "/opportunities/new", label: t("nav.opportunity") },
  ];
  const curator: NavItem[] = [
    { to: "/library", label: t("nav.library") },
    { to: "/sources", label: t("nav.sources") },
    { to: "/approval", label: t("nav.approval") },
    { to: "/calendar", label: t("nav.calendar") },
    { to: "/suggestions", label: t("nav.suggestions") },
    { to: "/reports", label: t("nav.reports") },
    { to: "/reports/forecast", label: t("nav.forecast") },
  ];
  const admin: NavItem[] = [
    { to: "/settings", label: t("nav.settings") },
    { to: "/hr", label: t("nav.hr") },
    { to: "/people", label: t("nav.people") },
  ];
  const groups: { id: string; label?: string; items: NavItem[] }[] = [{ id: "advocate", items: advocate }];
  if (hasRole(session, "curator")) groups.push({ id: "curator", label: t("nav.curatorGroup"), items: curator });
  if (hasRole(session, "admin")) groups.push({ id: "admin", label: t("nav.adminGroup"), items: admin });

  const name = profile?.name || session?.name || session?.sub || "";
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="topbar">
        <NavLink to="/feed" className="brand">
          {t("appName")}
        </NavLink>
        <button
          type="button"
          className="button menu-toggle"
          aria-expanded={open}
          aria-controls="main-nav"
          onClick={() => setOpen((v) => !v)}
        >
          {t("nav.menu")}
        </button>
      </header>
      <div className="layout">
        <nav id="main-nav" aria-label={t("nav.label")} className={open ? "nav open" : "nav"}>
          {groups.map((group) => (
            <div key={group.id} className="nav-group">
              {group.label && (
                <h2 className="nav-heading" id={`nav-${group.id}`}>
                  {group.label}
                </h2>
              )}
              <ul aria-labelledby={group.label ? `nav-${group.id}` : undefined}>
                {group.items.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to}>{item.label}</NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <div className="nav-footer">
            <p className="muted">{t("nav.signedInAs", { name })}</p>
            <button
              type="button"
              className="button"
              onClick={() => {
                endSession();
                navigate("/sign-in");
              }}
            >
              {t("nav.signOut")}
            </button>
          </div>
        </nav>
        <main id="main" tabIndex={-1}>
          <ReconnectBanner />
          <Outlet />
        </main>
      </div>
    </div>
  );
}

import { Navigate, Outlet, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { hasRole, useSession, type Role } from "@/lib/auth/session";

/** Private screens: without a session, sign in first and come back to the very same address. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

export function RequireRole({ role }: { role: Role }) {
  const session = useSession();
  const { t } = useTranslation();
  if (!hasRole(session, role)) {
    return (
      <Page title={t("forbidden.title")}>
        <p>{t("forbidden.body")}</p>
      </Page>
    );
  }
  return <Outlet />;
}

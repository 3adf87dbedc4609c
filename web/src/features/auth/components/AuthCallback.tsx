import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Page } from "@/components/Page";
import { completeIdpSignIn } from "@/lib/auth/oidc";

/** The IdP sends the browser back here with the authorization code; PKCE finishes the exchange. */
export function AuthCallback() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    completeIdpSignIn()
      .then((next) => navigate(next, { replace: true }))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [navigate]);
  return (
    <main id="main" className="sign-in">
      <Page title={t("signIn.title")}>
        {error ? (
          <p role="alert">
            {t("signIn.failed", { message: error })} <Link to="/sign-in">{t("signIn.title")}</Link>
          </p>
        ) : (
          <p role="status">{t("signIn.completing")}</p>
        )}
      </Page>
    </main>
  );
}

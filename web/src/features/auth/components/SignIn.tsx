import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { ErrorNotice, Loading } from "@/components/Status";
import { signInWithIdp } from "@/lib/auth/oidc";
import { config } from "@/lib/config";
import { listLocalPeople, signInAs, type LocalPerson } from "@/features/auth/api/local-sign-in";

/** Where to go after signing in: only a path of this app (never another site). */
export function safeNext(raw: string | null): string {
  return raw && raw.startsWith("/") && !raw.startsWith("//") ? raw : "/feed";
}

function LocalPeople({ next }: { next: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const people = useQuery({ queryKey: ["local-people"], queryFn: listLocalPeople });
  if (people.isPending) return <Loading />;
  if (people.isError) return <ErrorNotice error={people.error} onRetry={() => void people.refetch()} />;
  const choose = async (person: LocalPerson) => {
    try {
      await signInAs(person);
      navigate(next, { replace: true });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <p>{t("signIn.localIntro")}</p>
      {error != null && <ErrorNotice error={error} />}
      <ul className="people">
        {people.data.map((person) => (
          <li key={person.sub}>
            <button type="button" className="button person" onClick={() => void choose(person)}>
              <span className="person-name">{t("signIn.as", { name: person.name })}</span>
              <span className="muted">
                {person.department} · {person.roles.filter((r) => r !== "employee").map((r) => t(`signIn.roles.${r}`)).join(", ") || t("signIn.roles.employee")}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

export function SignIn() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [error, setError] = useState<unknown>(null);
  return (
    <main id="main" className="sign-in">
      <Page title={t("signIn.title")}>
        {config().auth.mode === "local" ? (
          <LocalPeople next={next} />
        ) : (
          <>
            <p>{t("signIn.idpIntro")}</p>
            {error != null && <ErrorNotice error={error} />}
            <button type="button" className="button primary" onClick={() => signInWithIdp(next).catch(setError)}>
              {t("signIn.idp")}
            </button>
          </>
        )}
      </Page>
    </main>
  );
}

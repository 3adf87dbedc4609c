import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { hasRole, useSession } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/i18n/format";
import { KINDS, usePreferences, useSavePreferences, type Preferences, type PreferencesView } from "@/features/notifications/api/preferences";
import "@/features/notifications/locales";

const defaults = Object.fromEntries(KINDS.map((k) => [k, true])) as Record<(typeof KINDS)[number], boolean>;

function Form({ current }: { current: PreferencesView }) {
  const { t } = useTranslation("notifications");
  // Items to review reach curators (and admins) only: an advocate has no such mail to switch off.
  const reviewer = hasRole(useSession(), "curator");
  const save = useSavePreferences();
  const [draft, setDraft] = useState<Preferences>({ email: current.email, quiet_hours: current.quiet_hours, digest_time: current.digest_time });
  const quiet = draft.quiet_hours;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      <fieldset>
        <legend>{t("email")}</legend>
        {KINDS.filter((kind) => kind !== "review" || reviewer).map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              checked={draft.email?.[kind] ?? true}
              onChange={(e) => setDraft({ ...draft, email: { ...defaults, ...draft.email, [kind]: e.target.checked } })}
            />
            {t(`kinds.${kind}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="digest-time">{t("digestTime")}</label>
        <input id="digest-time" type="time" value={draft.digest_time} onChange={(e) => setDraft({ ...draft, digest_time: e.target.value })} />
      </div>
      <fieldset>
        <legend>{t("quiet")}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={quiet !== null}
            onChange={(e) => setDraft({ ...draft, quiet_hours: e.target.checked ? { start: "21:00", end: "07:00" } : null })}
          />
          {t("quietOn")}
        </label>
        {quiet && (
          <div className="button-row">
            <div className="field">
              <label htmlFor="quiet-start">{t("from")}</label>
              <input id="quiet-start" type="time" value={quiet.start} onChange={(e) => setDraft({ ...draft, quiet_hours: { ...quiet, start: e.target.value } })} />
            </div>
            <div className="field">
              <label htmlFor="quiet-end">{t("until")}</label>
              <input id="quiet-end" type="time" value={quiet.end} onChange={(e) => setDraft({ ...draft, quiet_hours: { ...quiet, end: e.target.value } })} />
            </div>
          </div>
        )}
      </fieldset>
      <button type="submit" className="button primary" disabled={save.isPending}>
        {t("common:save")}
      </button>
      {save.isError && <ErrorNotice error={save.error} />}
      {save.isSuccess && <Notice tone="success" live>{t("common:saved")}</Notice>}
    </form>
  );
}

export function NotificationPreferences() {
  const { t } = useTranslation("notifications");
  const preferences = usePreferences();
  if (preferences.isPending) return <Loading />;
  if (preferences.isError) return <ErrorNotice error={preferences.error} onRetry={() => void preferences.refetch()} />;
  const view = preferences.data;
  return (
    <>
      <p>{t("intro")}</p>
      <p className="muted">{view.email_address ? t("sentTo", { address: view.email_address }) : t("noAddress")}</p>
      {view.next_digest && <p>{t("next", { date: formatDateTime(view.next_digest.send_at), count: view.next_digest.items })}</p>}
      <Form current={view} />
    </>
  );
}

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { useProfile, useSaveProfile, type Profile } from "@/features/profile/api/profile";
import "@/features/profile/locales";

const ZONES = ["Europe/Amsterdam", "Europe/Brussels", "Europe/London", "Europe/Berlin", "America/New_York", "UTC"];

function Form({ profile }: { profile: Profile }) {
  const { t } = useTranslation("profile");
  const save = useSaveProfile();
  const [draft, setDraft] = useState(profile);
  const field = (key: "name" | "department" | "role" | "location") => (
    <div className="field">
      <label htmlFor={`profile-${key}`}>{t(key)}</label>
      <input id={`profile-${key}`} value={draft[key] ?? ""} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </div>
  );
  const zones = ZONES.includes(draft.timezone) ? ZONES : [draft.timezone, ...ZONES];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          name: draft.name,
          department: draft.department || null,
          role: draft.role || null,
          location: draft.location || null,
          language: draft.language,
          timezone: draft.timezone,
        });
      }}
    >
      {field("name")}
      {field("department")}
      {field("role")}
      {field("location")}
      <div className="field">
        <label htmlFor="profile-language">{t("language")}</label>
        <select id="profile-language" value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.target.value as Profile["language"] })}>
          <option value="en">{t("languages.en")}</option>
          <option value="nl">{t("languages.nl")}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="profile-timezone">{t("timezone")}</label>
        <select id="profile-timezone" value={draft.timezone} onChange={(e) => setDraft({ ...draft, timezone: e.target.value })} aria-describedby="tz-help">
          {zones.map((z) => (
            <option key={z}>{z}</option>
          ))}
        </select>
        <span id="tz-help" className="muted">
          {t("timezoneHelp")}
        </span>
      </div>
      <button type="submit" className="button primary" disabled={save.isPending}>
        {t("common:save")}
      </button>
      {save.isError && <ErrorNotice error={save.error} />}
      {save.isSuccess && <Notice tone="success" live>{t("common:saved")}</Notice>}
    </form>
  );
}

export function ProfileForm() {
  const { t } = useTranslation("profile");
  const profile = useProfile();
  if (profile.isPending) return <Loading />;
  if (profile.isError) return <ErrorNotice error={profile.error} onRetry={() => void profile.refetch()} />;
  return (
    <>
      <p>{t("intro")}</p>
      <Form profile={profile.data} />
    </>
  );
}

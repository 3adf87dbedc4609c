import { useTranslation } from "react-i18next";
import { formatDateTime } from "@/lib/i18n/format";
import type { AuditEntry } from "@/features/approval/api/approval";
import "@/features/approval/locales";

/** Who did what to an item, and when: the audit trail the API keeps with every change. */
export function AuditTrail({ entries, headingLevel = 2 }: { entries: AuditEntry[]; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("approval");
  const Heading = `h${headingLevel}` as "h2" | "h3";
  return (
    <section aria-labelledby="audit-title" className="audit">
      <Heading id="audit-title">{t("auditTitle")}</Heading>
      {entries.length === 0 ? (
        <p>{t("auditEmpty")}</p>
      ) : (
        <ol data-testid="audit-trail">
          {entries.map((entry, index) => (
            <li key={`${entry.at}-${index}`}>
              {t("auditEntry", {
                when: formatDateTime(entry.at),
                who: entry.actor === "schedule" ? t("schedule") : entry.actor_name || entry.actor,
                action: t(`actions.${entry.action}`, { defaultValue: entry.action }),
              })}
              {entry.reason && entry.action !== "approve" && <p className="reason">{t("auditReason", { reason: entry.reason })}</p>}
              {entry.fields && entry.fields.length > 0 && <p className="muted">{t("auditFields", { fields: entry.fields.join(", ") })}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

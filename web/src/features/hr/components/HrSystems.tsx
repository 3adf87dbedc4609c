import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { Pager } from "@/components/Pager";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { useCursorPages } from "@/hooks/useCursorPages";
import { currentSession } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { formatDateTime } from "@/lib/i18n/format";
import { useDeliveries, useRetire, useRotate, type Delivery } from "@/features/hr/api/hr";
import "@/features/hr/locales";

export const PROVIDERS = ["generic", "greenhouse", "bamboohr", "teamtailor", "personio"];
// The generic provider's event names (Estafette's own vocabulary), shown in words.
const KINDS = ["employee.joined", "employee.created", "employee.updated", "employee.left", "employee.deleted", "vacancy.opened", "vacancy.closed"];
const STATUSES = ["received", "processed", "duplicate", "ignored", "rejected"];

export function webhookUrl(provider: string, orgId: string, base = config().apiBaseUrl || window.location.origin): string {
  return `${base}/v1/webhooks/hr/${provider}?org=${encodeURIComponent(orgId)}`;
}

function Provider({ provider }: { provider: string }) {
  const { t } = useTranslation("hr");
  const id = useId();
  const rotate = useRotate();
  const retire = useRetire();
  const [own, setOwn] = useState("");
  const [copied, setCopied] = useState(false);
  const url = webhookUrl(provider, currentSession()?.orgId ?? "");
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t(`providers.${provider}`)}</h2>
      <div className="field">
        <label htmlFor={`${id}-url`}>{t("url")}</label>
        <div className="inline">
          <input id={`${id}-url`} readOnly value={url} className="linkline" />
          <button
            type="button"
            className="button"
            onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}
          >
            {t("copy")}
          </button>
        </div>
        {copied && <Notice live>{t("copied")}</Notice>}
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          rotate.mutate({ provider, secret: own.trim() || undefined });
          setOwn("");
        }}
      >
        <p className="muted">{t("rotateHelp")}</p>
        <div className="field">
          <label htmlFor={`${id}-own`}>{t("own")}</label>
          <input id={`${id}-own`} value={own} autoComplete="off" onChange={(e) => setOwn(e.target.value)} />
        </div>
        <div className="button-row">
          <button type="submit" className="button" disabled={rotate.isPending}>
            {t("rotate")}
          </button>
          <button type="button" className="button danger" disabled={retire.isPending} onClick={() => retire.mutate(provider)}>
            {t("retire")}
          </button>
        </div>
      </form>
      {rotate.isSuccess && (
        <Notice tone="success" live>
          {rotate.data.secret && <span className="linkline">{t("newSecret", { secret: rotate.data.secret })} </span>}
          {t("active", { count: rotate.data.active_secrets })}
        </Notice>
      )}
      {retire.isSuccess && <Notice tone="success" live>{t("retired", { count: retire.data.active_secrets })}</Notice>}
      {rotate.isError && <ErrorNotice error={rotate.error} />}
      {retire.isError && <ErrorNotice error={retire.error} />}
    </section>
  );
}

/** Estafette's own event names in words; another HR system's own name for what it sent, as it sent it. */
function DeliveryKind({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation("hr");
  const kind = delivery.kind ?? (delivery.events ?? []).join(", ");
  if (!kind) return null;
  return KINDS.includes(kind) ? <>{t(`kinds.${kind.replace(".", "_")}`)}</> : <code className="kind">{kind}</code>;
}

function DeliveryLog() {
  const { t } = useTranslation("hr");
  const id = useId();
  const [status, setStatus] = useState("");
  const pages = useCursorPages();
  const deliveries = useDeliveries(status, pages.cursor);
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("deliveries")}</h2>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t("status")}</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            pages.first();
          }}
        >
          <option value="">{t("all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`statuses.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {deliveries.isPending ? (
        <Loading />
      ) : deliveries.isError ? (
        <ErrorNotice error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : deliveries.data.items.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="stack" data-testid="deliveries">
            <thead>
              <tr>
                {(["received", "provider", "kind", "status", "reason"] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.map((d) => (
                <tr key={`${d.provider}-${d.delivery_id}`}>
                  <td>{formatDateTime(d.received_at)}</td>
                  <td data-label={t("columns.provider")}>{t(`providers.${d.provider}`, { defaultValue: d.provider })}</td>
                  <td data-label={t("columns.kind")}>
                    <DeliveryKind delivery={d} />
                  </td>
                  <td data-label={t("columns.status")}>
                    <span className="badge">{t(`statuses.${d.status}`, { defaultValue: d.status })}</span>
                  </td>
                  <td data-label={t("columns.reason")}>{d.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        pages={pages}
        query={deliveries}
        nextLabel={t("more")}
        firstLabel={t("first")}
      />
    </section>
  );
}

export function HrSystems() {
  const { t } = useTranslation("hr");
  return (
    <Page title={t("title")}>
      <p>{t("intro")}</p>
      {PROVIDERS.map((p) => (
        <Provider key={p} provider={p} />
      ))}
      <DeliveryLog />
    </Page>
  );
}

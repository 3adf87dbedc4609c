import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status" aria-live="polite">
      {t("loading")}
    </p>
  );
}

/** An error the API explained (its message is already in the reader's language). */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="notice notice-error" role="alert">
      <p>{t("error", { message })}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}

export function Notice({ tone = "info", children, live = false }: { tone?: "info" | "success" | "warning" | "error"; children: ReactNode; live?: boolean }) {
  return (
    <div className={`notice notice-${tone}`} role={live ? (tone === "error" ? "alert" : "status") : undefined}>
      {children}
    </div>
  );
}

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { formatDate } from "@/lib/i18n/format";
import "@/features/opportunities/locales";

interface PostedShare {
  share_id: string;
  network: string;
  text: string;
  status: string;
  posted_at?: string;
}

export function OpportunityForm({ shareId }: { shareId?: string | null }) {
  const { t } = useTranslation("opportunities");
  const shares = useQuery({
    queryKey: ["shares"],
    queryFn: async () => ((await unwrap(api.GET("/v1/shares"))) as { items: PostedShare[] }).items,
  });
  const [chosen, setChosen] = useState(shareId ?? "");
  const [description, setDescription] = useState("");
  const log = useMutation({
    mutationFn: () => unwrap(api.POST("/v1/opportunities", { body: { share_id: chosen, description } })),
    onSuccess: () => setDescription(""),
  });
  if (shares.isPending) return <Loading />;
  if (shares.isError) return <ErrorNotice error={shares.error} />;
  const posted = shares.data.filter((s) => s.status === "posted");
  if (posted.length === 0) return <p>{t("none")}</p>;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        log.mutate();
      }}
    >
      <p>{t("intro")}</p>
      <div className="field">
        <label htmlFor="opportunity-share">{t("share")}</label>
        <select id="opportunity-share" required value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{t("choose")}</option>
          {posted.map((s) => (
            <option key={s.share_id} value={s.share_id}>
              {`${t(`common:networks.${s.network}`)} · ${formatDate(s.posted_at)} · ${s.text.slice(0, 60)}`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="opportunity-description">{t("description")}</label>
        <textarea id="opportunity-description" maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <button type="submit" className="button primary" disabled={log.isPending || !chosen}>
        {t("submit")}
      </button>
      {log.isError && <ErrorNotice error={log.error} />}
      {log.isSuccess && <Notice tone="success" live>{t("sent")}</Notice>}
    </form>
  );
}

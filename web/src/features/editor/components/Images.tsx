import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Notice } from "@/components/Status";
import { ApiError } from "@/lib/api/errors";
import { formatNumber } from "@/lib/i18n/format";
import type { EditorImage } from "@/features/editor/api/editor";
import { IMAGE_TYPES, MAX_IMAGES, refusal, UploadRefused, useUpload } from "@/features/editor/api/media";
import "@/features/editor/locales";

const LANGUAGES = ["en", "nl"] as const;

/** The API names the refused field (`images.0.alt.nl`); its message shows there. */
function errorFor(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError) || !error.body.field) return null;
  return error.body.field === field || error.body.field.startsWith(`${field}.`) ? error.message : null;
}

/**
 * Up to four images, each with alt text in every language the item speaks (required: the API refuses an
 * image without it). A file is checked for type and size here, uploaded to storage, then previewed.
 */
export function Images({
  images,
  onChange,
  languages,
  error,
}: {
  images: EditorImage[];
  onChange: (images: EditorImage[]) => void;
  languages: string[];
  error: unknown;
}) {
  const { t } = useTranslation("editor");
  const id = useId();
  const upload = useUpload();
  const picker = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const full = images.length >= MAX_IMAGES;

  const pick = (files: FileList | null) => {
    setProblem(null);
    const file = files?.[0];
    if (picker.current) picker.current.value = "";
    if (!file) return;
    const refused = refusal(file);
    if (refused === "type") return setProblem(t("images.wrongType", { name: file.name }));
    if (refused === "size") return setProblem(t("images.tooLarge", { name: file.name, size: formatNumber(file.size / 1024 / 1024, 1) }));
    upload.mutate(file, {
      onSuccess: ({ media_id, content_type }) =>
        onChange([...images, { media_id, content_type, alt: {}, url: URL.createObjectURL(file), name: file.name }]),
      onError: (failure) =>
        setProblem(
          failure instanceof UploadRefused ? t("images.storageRefused", { name: file.name, status: failure.status }) : failure.message,
        ),
    });
  };

  const setAlt = (index: number, language: string, text: string) =>
    onChange(images.map((image, i) => (i === index ? { ...image, alt: { ...image.alt, [language]: text } } : image)));

  return (
    <fieldset className="images" aria-describedby={`${id}-help`}>
      <legend>{t("images.legend")}</legend>
      <p className="muted" id={`${id}-help`}>
        {t("images.help", { max: MAX_IMAGES })}
      </p>
      {images.length > 0 && (
        <ol className="image-list">
          {images.map((image, index) => {
            const altLabel = image.alt[languages[0] ?? "en"] || "";
            return (
              <li key={image.media_id} className="image-item" data-testid="editor-image">
                {image.url ? (
                  <img src={image.url} alt={altLabel} className="image-preview" />
                ) : (
                  <p className="muted">{t("images.noPreview")}</p>
                )}
                <div className="image-fields">
                  <p className="image-name">{t("images.item", { n: index + 1, name: image.name ?? image.content_type ?? "" })}</p>
                  {LANGUAGES.filter((l) => languages.includes(l) || image.alt[l]).map((language) => {
                    const field = `images.${index}.alt.${language}`;
                    const message = errorFor(error, field);
                    const inputId = `${id}-${index}-${language}`;
                    return (
                      <div className="field" key={language}>
                        <label htmlFor={inputId}>
                          {t("images.alt", { n: index + 1, language: t(`language.${language}`) })}
                        </label>
                        <textarea
                          id={inputId}
                          rows={2}
                          maxLength={1000}
                          required={languages.includes(language)}
                          aria-required={languages.includes(language)}
                          aria-invalid={message ? true : undefined}
                          aria-describedby={message ? `${inputId}-error` : `${id}-alt-help`}
                          value={image.alt[language] ?? ""}
                          onChange={(e) => setAlt(index, language, e.target.value)}
                        />
                        {message && (
                          <p className="field-error" id={`${inputId}-error`} role="alert">
                            {message}
                          </p>
                        )}
                      </div>
                    );
                  })}
                  {errorFor(error, `images.${index}.media_id`) && (
                    <p className="field-error" role="alert">
                      {errorFor(error, `images.${index}.media_id`)}
                    </p>
                  )}
                  <button type="button" className="button" onClick={() => onChange(images.filter((_, i) => i !== index))}>
                    {t("images.remove", { n: index + 1 })}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <p className="muted" id={`${id}-alt-help`}>
        {t("images.altHelp")}
      </p>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t("images.add")}</label>
        <input
          ref={picker}
          id={`${id}-file`}
          type="file"
          accept={IMAGE_TYPES.join(",")}
          disabled={full || upload.isPending}
          aria-describedby={problem ? `${id}-problem` : `${id}-help`}
          onChange={(e) => pick(e.target.files)}
        />
        {full && <p className="muted">{t("images.full", { max: MAX_IMAGES })}</p>}
        {upload.isPending && (
          <p className="muted" role="status">
            {t("images.uploading")}
          </p>
        )}
        {problem && (
          <p className="field-error" id={`${id}-problem`} role="alert">
            {problem}
          </p>
        )}
      </div>
      {upload.isSuccess && !problem && <Notice live>{t("images.uploaded")}</Notice>}
      {errorFor(error, "images") && !/^images\.\d/.test((error as ApiError).body.field ?? "") && (
        <p className="field-error" role="alert">
          {(error as ApiError).message}
        </p>
      )}
    </fieldset>
  );
}

// Images on content: ask the API for a presigned upload form (POST /v1/media), then post the file
// straight to storage with it. Its policy holds the same limits as the checks here, so storage
// refuses what slips past them; the item then refers to the image by its media_id.
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES = 4;

/** Why a file cannot be attached, before anything is sent: "type", "size", or null when it is fine. */
export function refusal(file: File): "type" | "size" | null {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return "type";
  if (file.size > MAX_IMAGE_BYTES || file.size < 1) return "size";
  return null;
}

export class UploadRefused extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`storage answered ${status}`);
    this.status = status;
  }
}

export function useUpload() {
  return useMutation({
    mutationFn: async (file: File): Promise<{ media_id: string; content_type: string }> => {
      const form = await unwrap(api.POST("/v1/media", { body: { content_type: file.type as ImageType, size: file.size } }));
      const data = new FormData();
      for (const [name, value] of Object.entries(form.upload.fields)) data.append(name, value);
      data.append("file", file); // S3 wants the file as the last field
      const stored = await globalThis.fetch(new Request(form.upload.url, { method: "POST", body: data }));
      if (!stored.ok) throw new UploadRefused(stored.status);
      return { media_id: form.media_id, content_type: form.content_type };
    },
  });
}

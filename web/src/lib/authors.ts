// Who wrote an item, in words: the directory's name, or the system that made it (an HR system's
// vacancy, an industry source's draft); the bare id only when the directory has no name (a leaver).
import i18next from "i18next";

export function authorLabel(author: string, name?: string | null): string {
  if (name) return name;
  if (author.startsWith("hr:")) return i18next.t("common:systemAuthor.hr");
  if (author === "source") return i18next.t("common:systemAuthor.source");
  return author;
}

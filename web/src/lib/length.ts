// Post length counted the way each network counts it, with the tracked link the post will carry.
// - X: the weighted length of X's own open-source counter (twitter-text): most characters weigh 1,
//   CJK and emoji 2, every URL 23 (t.co), limit 280.
// - Bluesky: 300 graphemes (user-perceived characters, Intl.Segmenter), the full link included:
//   Bluesky does not shorten links.
// - LinkedIn: 3,000 characters; the link travels as the post's article, not in the text.
// The appended link follows the adapters: "<text>\n\n<link>" (shared/estafette/networks/base.py).
// The API's own count (POST /v1/shares/check) is the final word; this one answers on every keystroke.
import twitter from "twitter-text";
import type { Network } from "@/lib/networks";

export const LIMITS: Record<Network, number> = {
  linkedin: 3000,
  x: 280,
  bluesky: 300,
  facebook: 63206,
  whatsapp: 65536,
  xing: 3000,
};
export const LINK_IN_TEXT: ReadonlySet<Network> = new Set<Network>(["x", "bluesky", "whatsapp"]);
export const SEPARATOR = "\n\n";
const X_URL_WEIGHT = 23;

export interface Length {
  text: number;
  link: number;
  total: number;
  limit: number;
}

let segmenter: Intl.Segmenter | undefined;

export function graphemes(value: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return Array.from(segmenter.segment(value)).length;
}

function codePoints(value: string): number {
  return Array.from(value).length;
}

export function countLength(network: Network, text: string, link: string): Length {
  const body = text.trim() ? text.trimEnd() : "";
  const limit = LIMITS[network];
  if (!LINK_IN_TEXT.has(network)) {
    const length = codePoints(body);
    return { text: length, link: 0, total: length, limit };
  }
  const joined = body ? `${body}${SEPARATOR}${link}` : link;
  if (network === "x") {
    // The link always weighs 23 on X (t.co), whatever host it has; the blank line before it 2.
    const textLength = body ? twitter.parseTweet(body).weightedLength : 0;
    const linkLength = (body ? SEPARATOR.length : 0) + X_URL_WEIGHT;
    return { text: textLength, link: linkLength, total: textLength + linkLength, limit };
  }
  const count = network === "bluesky" ? graphemes : codePoints;
  const textLength = count(body);
  const total = count(joined);
  return { text: textLength, link: total - textLength, total, limit };
}

"""What a person would notice on a screen without reading it: it scrolls sideways, or shows an i18n key raw.

`LAYOUT_PROBLEMS` runs in the page (`page.evaluate`) and answers a list of sentences, empty when the
screen is fine:
- the document is wider than the window (a phone user would have to scroll sideways), naming the
  widest elements that stick out; a table inside its own `.table-wrap` scroller is fine;
- text that is an i18n key rather than words (`columns.title`, `statuses.in_review`): what i18next
  shows when a string is missing in both languages (identifiers set in `<code>` are meant as such);
- keys the app looked up and found in neither language (the app records them in
  `window.__estafetteMissingKeys`, see `src/lib/i18n/i18n.ts`).
"""

from __future__ import annotations

LAYOUT_PROBLEMS = r"""
() => {
  const problems = [];
  const root = document.scrollingElement || document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth > width + 1) {
    const wide = [];
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      if (el.closest(".table-wrap, .visually-hidden, .skip-link")) continue;
      const style = getComputedStyle(el);
      if (style.position === "fixed" || style.visibility === "hidden") continue;
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "");
      wide.push(`${name} (${Math.round(box.right)} px)`);
    }
    problems.push(`scrolls sideways: ${root.scrollWidth} px wide in a ${width} px window; ${wide.slice(-4).join(", ")}`);
  }
  const key = /^[a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9_]*)+$/;
  const looksLikeHost = /\.(com|org|net|nl|io|dev|local|example|test)$/;
  const raw = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement && node.parentElement.closest("code, pre, script, style")) continue;
    const text = node.textContent.trim();
    if (text && key.test(text) && !looksLikeHost.test(text)) raw.add(text);
  }
  for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
    for (const attr of ["aria-label", "placeholder", "title"]) {
      const text = (el.getAttribute(attr) || "").trim();
      if (text && key.test(text) && !looksLikeHost.test(text)) raw.add(text);
    }
  }
  if (raw.size) problems.push(`raw i18n keys shown: ${[...raw].join(", ")}`);
  const missing = [...new Set(window.__estafetteMissingKeys || [])];
  if (missing.length) problems.push(`strings missing in every language: ${missing.join(", ")}`);
  return problems;
}
"""

# Every screen, by who sees it: (name, path); `{content}` is an item still in the advocate's feed
# (the composer) or in the library (the editor).
SCREENS: dict[str, list[tuple[str, str]]] = {
    "advocate": [
        ("feed", "/feed"),
        ("composer", "/feed?content={content}"),
        ("shares", "/shares"),
        ("connections", "/me/connections"),
        ("connection-failed", "/me/connections/x?outcome=failed&reason=oauth_denied"),
        ("consents", "/me/consents"),
        ("impact", "/me/impact"),
        ("notifications", "/me/notifications"),
        ("profile", "/me/profile"),
        ("guidelines", "/guidelines"),
        ("suggest", "/occasions"),
        ("opportunity", "/opportunities/new"),
        ("not-found", "/me/no-such-screen"),
    ],
    "curator": [
        ("library", "/library"),
        ("editor-new", "/library/new"),
        ("editor", "/library/{content}"),
        ("approval", "/approval"),
        ("calendar", "/calendar"),
        ("suggestions", "/suggestions"),
        ("dashboard", "/reports"),
        ("forecast", "/reports/forecast"),
    ],
    "admin": [("settings", "/settings"), ("hr", "/hr"), ("people", "/people")],
}

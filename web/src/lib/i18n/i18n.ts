// Dutch and English. The profile's language wins once it is known (GET /v1/me); before that the
// browser's preferred languages decide. Each feature registers its own strings (its namespace)
// when its chunk loads, so curator screens' strings travel with curator screens.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { common } from "@/lib/i18n/common";

export const LANGUAGES = ["en", "nl"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "nl";
}

export function browserLanguage(languages: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split("-")[0];
    if (isLanguage(primary)) return primary;
  }
  return "en";
}

type MissingKeys = Window & { __estafetteMissingKeys?: string[] };

export type Strings = { [key: string]: string | Strings };

type Bundle = { namespace: string; resources: { en: Strings; nl: Strings } };
const pending: Bundle[] = []; // registered before i18next started (modules load before main runs)

function add({ namespace, resources }: Bundle): void {
  for (const language of LANGUAGES) i18next.addResourceBundle(language, namespace, resources[language], true, false);
}

export function registerLocales(namespace: string, resources: { en: Strings; nl: Strings }): void {
  if (i18next.isInitialized) add({ namespace, resources });
  else pending.push({ namespace, resources });
}

export function setLanguage(language: Language): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : "en";
}

export function initI18n(language: Language = browserLanguage()): typeof i18next {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      lng: language,
      fallbackLng: "en",
      supportedLngs: [...LANGUAGES],
      ns: ["common"],
      defaultNS: "common",
      resources: { en: { common: common.en }, nl: { common: common.nl } },
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
      initAsync: false,
      // A key found in neither language would show raw: keep a list the browser tests read. A lookup
      // with a defaultValue (an API value without words of ours yet) falls back on purpose.
      saveMissing: true,
      missingKeyHandler: (_languages, namespace, key, _fallback, _update, options) => {
        if ((options as { defaultValue?: unknown } | undefined)?.defaultValue !== undefined) return;
        const seen = ((window as MissingKeys).__estafetteMissingKeys ??= []);
        seen.push(`${namespace}:${key}`);
      },
    });
    pending.splice(0).forEach(add);
  }
  document.documentElement.lang = language;
  return i18next;
}

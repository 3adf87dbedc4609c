// Every string exists in both languages: a key missing in Dutch would show English in a Dutch screen
// (i18next falls back to English), and one missing in both would show the key itself.
import i18next from "i18next";
import { initI18n, type Strings } from "@/lib/i18n/i18n";

// Each feature registers its namespace when its locales module loads.
import.meta.glob("/src/features/*/locales.ts", { eager: true });

function keys(strings: Strings, prefix = ""): string[] {
  return Object.entries(strings).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([a-zA-Z_]+)/g)].map((m) => m[1]).sort();
}

initI18n("en");
const namespaces = Object.keys(i18next.store.data.en);

test("every feature's strings are registered", () => {
  expect(namespaces.length).toBeGreaterThan(15);
  expect(namespaces).toEqual(expect.arrayContaining(["common", "library", "hr", "people", "reports", "settings"]));
});

test.each(namespaces)("%s: English and Dutch have the same keys and the same placeholders", (namespace) => {
  const en = i18next.getResourceBundle("en", namespace) as Strings;
  const nl = i18next.getResourceBundle("nl", namespace) as Strings;
  expect(keys(nl).sort()).toEqual(keys(en).sort());
  const raw = (strings: Strings, key: string) => key.split(".").reduce<Strings | string>((node, part) => (node as Strings)[part], strings) as string;
  for (const key of keys(en)) {
    expect({ key, placeholders: placeholders(raw(nl, key)) }).toEqual({ key, placeholders: placeholders(raw(en, key)) });
  }
});

// Numbers, money and dates in the reader's language.
import { currentLanguage } from "@/lib/i18n/i18n";

const locales = { en: "en-GB", nl: "nl-NL" } as const;

export function locale(): string {
  return locales[currentLanguage()];
}

export function formatNumber(value: number, digits = 0): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

export function formatMoney(value: number, currency = "EUR"): string {
  return new Intl.NumberFormat(locale(), { style: "currency", currency, maximumFractionDigits: 2 }).format(value);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(date);
}

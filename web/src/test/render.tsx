// Render a component the way the app does: query cache, router and i18n (English unless asked).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { initI18n, setLanguage, type Language } from "@/lib/i18n/i18n";

export function renderWithApp(ui: ReactElement, { language = "en", path = "/" }: { language?: Language; path?: string } = {}) {
  initI18n(language);
  setLanguage(language);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

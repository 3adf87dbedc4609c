import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "@/app/App";
import { loadConfig } from "@/lib/config";
import { initI18n } from "@/lib/i18n/i18n";
import "@/styles.css";

async function start() {
  await loadConfig();
  initI18n();
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();

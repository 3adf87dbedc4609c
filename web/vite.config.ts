/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The local cloud serves the API on the same origin as the built app; `npm run dev` proxies to it.
const api = process.env.ESTAFETTE_API ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: { outDir: "dist", sourcemap: false, chunkSizeWarningLimit: 600 },
  server: {
    proxy: Object.fromEntries(["/v1", "/r", "/local", "/config.json"].map((p) => [p, api])),
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    include: ["src/**/*.test.{ts,tsx}"],
    // A whole screen renders in jsdom on a shared 2-core machine: 5 s is too little under load.
    testTimeout: 20_000,
  },
});

// Code flows one way: app → features → shared (components, hooks, lib). Features don't import each
// other, and nothing imports through a barrel. Imports use the "@/" alias, never "../".
import { readdirSync } from "node:fs";
import tseslint from "typescript-eslint";

const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const parent = { group: ["../*", "./../*"], message: 'Import with the "@/" alias.' };
const app = { group: ["@/app/*"], message: "Code flows app → features → shared: only src/app imports src/app." };

export default tseslint.config(
  { ignores: ["dist", "src/lib/api/schema.d.ts"] },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "ExportAllDeclaration", message: "No barrel files: import the file itself." }],
      "no-restricted-imports": ["error", { patterns: [parent] }],
    },
  },
  {
    files: ["src/components/**", "src/hooks/**", "src/lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [parent, app, { group: ["@/features/*"], message: "Shared code never imports a feature." }] },
      ],
    },
  },
  ...features.map((feature) => ({
    files: [`src/features/${feature}/**`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            parent,
            app,
            {
              group: ["@/features/*", `!@/features/${feature}`],
              message: "Features don't import each other: compose them in src/app/routes.",
            },
          ],
        },
      ],
    },
  })),
);

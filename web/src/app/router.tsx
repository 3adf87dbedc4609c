// Every screen of the app and the address it answers on. Each route's module loads as its own chunk;
// curator and admin screens never load for an advocate. The local cloud (local/webapp.py) and the
// CloudFront function (infra/template.yaml) answer these paths with index.html.
import { createBrowserRouter, Navigate } from "react-router";
import { AppShell } from "@/app/AppShell";
import { RequireRole, RequireSession } from "@/app/guards";
import { NotFound } from "@/app/NotFound";

export const routes = [
  { path: "/sign-in", lazy: () => import("@/app/routes/sign-in") },
  { path: "/auth/callback", lazy: () => import("@/app/routes/auth-callback") },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <Navigate to="/feed" replace /> },
          { path: "feed", lazy: () => import("@/app/routes/feed") },
          { path: "shares", lazy: () => import("@/app/routes/shares") },
          { path: "me", element: <Navigate to="/me/impact" replace /> },
          { path: "me/impact", lazy: () => import("@/app/routes/impact") },
          { path: "me/connections", lazy: () => import("@/app/routes/connections") },
          { path: "me/connections/:network", lazy: () => import("@/app/routes/connections") },
          { path: "me/consents", lazy: () => import("@/app/routes/consents") },
          { path: "me/notifications", lazy: () => import("@/app/routes/notifications") },
          { path: "me/profile", lazy: () => import("@/app/routes/profile") },
          { path: "guidelines", lazy: () => import("@/app/routes/guidelines") },
          { path: "occasions", lazy: () => import("@/app/routes/occasions") },
          { path: "opportunities/new", lazy: () => import("@/app/routes/opportunity") },
          {
            element: <RequireRole role="curator" />,
            children: [
              { path: "library", lazy: () => import("@/app/routes/library") },
              { path: "library/new", lazy: () => import("@/app/routes/library-item") },
              { path: "library/:contentId", lazy: () => import("@/app/routes/library-item") },
              { path: "sources", lazy: () => import("@/app/routes/sources") },
              { path: "approval", lazy: () => import("@/app/routes/approval") },
              { path: "calendar", lazy: () => import("@/app/routes/calendar") },
              { path: "suggestions", lazy: () => import("@/app/routes/suggestions") },
              { path: "reports", lazy: () => import("@/app/routes/reports") },
              { path: "reports/forecast", lazy: () => import("@/app/routes/forecast") },
            ],
          },
          {
            element: <RequireRole role="admin" />,
            children: [
              { path: "settings", lazy: () => import("@/app/routes/settings") },
              { path: "hr", lazy: () => import("@/app/routes/hr") },
              { path: "people", lazy: () => import("@/app/routes/people") },
            ],
          },
          { path: "*", element: <NotFound /> },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);

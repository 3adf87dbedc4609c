import { Dashboard } from "@/features/reports/components/Dashboard";

export function Component() {
  return <Dashboard />;
}

import { HrSystems } from "@/features/hr/components/HrSystems";

export function Component() {
  return <HrSystems />;
}

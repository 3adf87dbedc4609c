import { OrgSettings } from "@/features/settings/components/OrgSettings";

export function Component() {
  return <OrgSettings />;
}

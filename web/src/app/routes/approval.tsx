import { ApprovalInbox } from "@/features/approval/components/ApprovalInbox";

export function Component() {
  return <ApprovalInbox />;
}

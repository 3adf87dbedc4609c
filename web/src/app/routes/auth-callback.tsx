import { AuthCallback } from "@/features/auth/components/AuthCallback";

export const Component = AuthCallback;

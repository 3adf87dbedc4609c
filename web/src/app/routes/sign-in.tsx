import { SignIn } from "@/features/auth/components/SignIn";

export const Component = SignIn;

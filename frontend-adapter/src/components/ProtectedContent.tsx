import type { ReactNode } from "react";
import { useAuth } from "../useAuth.js";
import { SignInPrompt } from "./SignInPrompt.js";

export interface ProtectedContentProps {
  children?: ReactNode;
  /** Shown to signed-out readers; default a sign-in prompt. */
  fallback?: ReactNode;
  /** Shown while the session is unknown (also the server render); default nothing. */
  loading?: ReactNode;
}

/**
 * Renders its children for signed-in readers only. This hides content in the page, it does not protect it:
 * the static build ships the children in its JavaScript, so anything secret must come from an API that checks
 * the token (see `authFetch`).
 */
export function ProtectedContent({ children, fallback, loading = null }: ProtectedContentProps) {
  const auth = useAuth();
  switch (auth.status) {
    case "signed-in":
      return <>{children}</>;
    case "signed-out":
      return <>{fallback ?? <SignInPrompt />}</>;
    case "loading":
    case "redirecting":
      return <>{loading}</>;
  }
}

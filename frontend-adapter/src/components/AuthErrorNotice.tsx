import { describeAuthError } from "../errors.js";
import { useAuth } from "../useAuth.js";

/**
 * Shows the last authentication error, in words for the reader, until dismissed. The notice that "Sign up" found
 * the reader signed in offers the two ways on: continue as themselves, or sign out and create another account.
 */
export function AuthErrorNotice({ className }: { className?: string }) {
  const auth = useAuth();
  if (auth.error === null) return null;
  return (
    <div className={["docs-auth-error", className].filter(Boolean).join(" ")} role="alert" data-error-kind={auth.error.kind}>
      <p>{describeAuthError(auth.error)}</p>
      {auth.error.kind === "already_signed_in" && (
        <button type="button" onClick={() => void auth.signOut({ then: "sign-up" })}>
          Sign out and create another account
        </button>
      )}
      <button type="button" onClick={auth.dismissError}>
        {auth.error.kind === "already_signed_in" ? "Continue as you are" : "Dismiss"}
      </button>
    </div>
  );
}

import { describeAuthError } from "../errors.js";
import { useAuthMessages } from "../messages.js";
import { useAuth } from "../useAuth.js";

/**
 * Shows the last authentication error, in words for the reader, until dismissed. The notice that "Sign up" found
 * the reader signed in offers the two ways on: continue as themselves, or sign out and create another account.
 */
export function AuthErrorNotice({ className }: { className?: string }) {
  const auth = useAuth();
  const m = useAuthMessages();
  if (auth.error === null) return null;
  return (
    <div className={["docs-auth-error", className].filter(Boolean).join(" ")} role="alert" data-error-kind={auth.error.kind}>
      <p>{describeAuthError(auth.error, m)}</p>
      {auth.error.kind === "already_signed_in" && (
        <button type="button" onClick={() => void auth.signOut({ then: "sign-up" })}>
          {m["docsAuth.error.signOutAndSignUp"]}
        </button>
      )}
      <button type="button" onClick={auth.dismissError}>
        {m[auth.error.kind === "already_signed_in" ? "docsAuth.error.continue" : "docsAuth.error.dismiss"]}
      </button>
    </div>
  );
}

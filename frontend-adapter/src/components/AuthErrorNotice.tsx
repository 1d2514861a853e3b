import { describeAuthError } from "../errors.js";
import { useAuth } from "../useAuth.js";

/** Shows the last authentication error, in words for the reader, until dismissed. */
export function AuthErrorNotice({ className }: { className?: string }) {
  const auth = useAuth();
  if (auth.error === null) return null;
  return (
    <div className={["docs-auth-error", className].filter(Boolean).join(" ")} role="alert" data-error-kind={auth.error.kind}>
      <p>{describeAuthError(auth.error)}</p>
      <button type="button" onClick={auth.dismissError}>
        Dismiss
      </button>
    </div>
  );
}

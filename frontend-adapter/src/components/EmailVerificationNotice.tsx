import { fillIn, useAuthMessages } from "../messages.js";
import { useAuth } from "../useAuth.js";

/**
 * Tells a signed-in reader whose address is not verified (the ID token's `email_verified` is `false`) so, with
 * the two ways on: have Keycloak send the verification mail again, or give another address (a mistyped one).
 * Nothing for anyone else, nor when the token says nothing about it. A status, not an alert: the reader can
 * read the docs meanwhile; what needs a verified address (an API with `require_verified_email`) says so itself.
 */
export function EmailVerificationNotice({ className }: { className?: string }) {
  const auth = useAuth();
  const m = useAuthMessages();
  if (auth.user?.email_verified !== false) return null;
  const address = auth.user.email;
  return (
    <div className={["docs-auth-email-notice", className].filter(Boolean).join(" ")} role="status">
      <p>
        {/* A token without the address: the sentence without it (HTML folds the two spaces left into one). The
            address keeps its own direction in a right-to-left sentence (dir="auto" isolates it). */}
        {fillIn(m["docsAuth.email.notVerified"], { address: address === undefined ? "" : <strong key="address" dir="auto">{address}</strong> })}
      </p>
      <button type="button" onClick={() => void auth.verifyEmail()}>
        {m["docsAuth.email.resend"]}
      </button>
      <button type="button" onClick={() => void auth.changeEmail()}>
        {m["docsAuth.email.change"]}
      </button>
    </div>
  );
}

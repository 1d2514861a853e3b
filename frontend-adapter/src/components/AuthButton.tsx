import { accountLabel, accountTitle } from "../reader.js";
import { useAuthMessages } from "../messages.js";
import { useAuth } from "../useAuth.js";

export interface AuthButtonProps {
  className?: string;
  /**
   * Docusaurus passes `mobile` (and others) to navbar items: true in the phone menu, a `<ul class="menu__list">`,
   * where the control is then a list item (`<li class="menu__list-item docs-auth-button__item">`).
   */
  mobile?: boolean;
}

/**
 * Navbar control. While the session is unknown (server render, first client render) it keeps its place with
 * an empty box, so hydration neither mismatches nor flashes "Sign in" at a signed-in reader.
 */
export function AuthButton({ className, mobile }: AuthButtonProps) {
  const control = <Control className={className} />;
  return mobile ? <li className="menu__list-item docs-auth-button__item">{control}</li> : control;
}

function Control({ className }: { className?: string }) {
  const auth = useAuth();
  const m = useAuthMessages();
  const classes = ["docs-auth-button", className].filter(Boolean).join(" ");
  switch (auth.status) {
    case "loading":
      return <span className={`${classes} docs-auth-button--pending`} aria-hidden="true" data-status="loading" />;
    case "redirecting":
      return (
        <span className={classes} data-status="redirecting" aria-live="polite">
          {m["docsAuth.button.redirecting"]}
        </span>
      );
    case "signed-out":
      return (
        <span className={classes} data-status="signed-out">
          <button type="button" className="docs-auth-button__signin" onClick={() => void auth.signIn()}>
            {m["docsAuth.button.signIn"]}
          </button>
          <button type="button" className="docs-auth-button__signup" onClick={() => void auth.signUp()}>
            {m["docsAuth.button.signUp"]}
          </button>
        </span>
      );
    case "signed-in":
      return (
        <span className={classes} data-status="signed-in">
          {/* The email names the account the reader signed up with (names need not be unique); the name is
              its tooltip. Long emails are cut with an ellipsis by the site's CSS, so the full one is the title.
              dir="auto": an address keeps its own direction (and its ellipsis at its end) on a right-to-left page. */}
          <span className="docs-auth-button__name" dir="auto" title={auth.user === null ? undefined : accountTitle(auth.user)}>
            {auth.user === null ? "" : accountLabel(auth.user)}
          </span>
          <button type="button" className="docs-auth-button__signout" onClick={() => void auth.signOut()}>
            {m["docsAuth.button.signOut"]}
          </button>
        </span>
      );
  }
}

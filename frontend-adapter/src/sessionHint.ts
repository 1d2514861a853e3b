/**
 * A hint, shared by the site's tabs, that this browser signed in to Keycloak: the word `"signed-in"` in local
 * storage, set after a sign-in and removed at sign-out. It holds no token, no identity and no time; tokens stay
 * in each tab's session storage (README, "Tokens").
 *
 * What it is for: a new tab starts with no tokens of its own. Where the hint is set, the tab asks Keycloak
 * silently (`prompt=none`, in a hidden iframe) whether its session is alive, instead of showing "Sign in" to a
 * reader who is signed in; where it is not, the tab knows at once that the reader is signed out, and anonymous
 * readers never cost Keycloak a request. A change of the hint in one tab reaches the others as a `storage`
 * event, so signing in or out in one tab shows in the others.
 */
export const SESSION_HINT_KEY = "docs-auth.session-hint";
const SIGNED_IN = "signed-in";

/** Whether a tab of this browser signed in and no tab signed out since. Unreadable storage counts as no. */
export function hasSessionHint(storage: Storage | null): boolean {
  try {
    return storage?.getItem(SESSION_HINT_KEY) === SIGNED_IN;
  } catch {
    return false;
  }
}

/** Sets or removes the hint; storage that refuses (private mode, quota) only loses the hint. */
export function setSessionHint(storage: Storage | null, signedIn: boolean): void {
  try {
    if (signedIn) storage?.setItem(SESSION_HINT_KEY, SIGNED_IN);
    else storage?.removeItem(SESSION_HINT_KEY);
  } catch {
    // Without the hint a new tab shows "Sign in"; signing in there finds the Keycloak session without a form.
  }
}

/**
 * Calls `onChange(signedIn)` when another tab sets or removes the hint (the `storage` event fires only in the
 * other tabs). Returns the unsubscribe function.
 */
export function watchSessionHint(target: Window, onChange: (signedIn: boolean) => void): () => void {
  const listener = (event: StorageEvent) => {
    if (event.key !== SESSION_HINT_KEY && event.key !== null) return;
    onChange(event.newValue === SIGNED_IN);
  };
  target.addEventListener("storage", listener);
  return () => target.removeEventListener("storage", listener);
}

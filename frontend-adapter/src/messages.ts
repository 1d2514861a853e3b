import { createContext, createElement, useContext, type ReactNode } from "react";

/**
 * Every word the adapter's components show, by id, in English. `{name}` marks a value the component puts in. The
 * ids are Docusaurus translation ids too: the plugin's Root translates each with Docusaurus's `translate()`, so a
 * site gives its own words in its `i18n/<locale>/code.json` (README "Languages").
 */
export const DEFAULT_MESSAGES = {
  "docsAuth.button.redirecting": "Redirecting…",
  "docsAuth.button.signIn": "Sign in",
  "docsAuth.button.signUp": "Sign up",
  "docsAuth.button.signOut": "Sign out",
  "docsAuth.prompt.message": "This content is for signed-in readers.",
  "docsAuth.prompt.label": "Sign in required",
  "docsAuth.prompt.createAccount": "Create an account",
  "docsAuth.callback.title": "Signing in",
  "docsAuth.callback.progress": "Signing you in…",
  "docsAuth.callback.failed": "Sign-in failed",
  "docsAuth.callback.signInAgain": "Sign in again",
  "docsAuth.callback.home": "Back to the home page",
  "docsAuth.error.stateMismatch":
    "This sign-in response does not belong to a sign-in started in this browser tab, so it was refused. Please sign in again.",
  "docsAuth.error.issuerMismatch":
    "This sign-in response did not come from the site's sign-in server, so it was refused. Please sign in again.",
  "docsAuth.error.cancelled": "Sign-in was cancelled.",
  "docsAuth.error.authorization": "Sign-in failed ({error}). Please try again.",
  "docsAuth.error.callbackFailed": "Sign-in could not be completed. Please try again.",
  "docsAuth.error.sessionExpired": "Your session has ended. Please sign in again.",
  "docsAuth.error.redirectFailed": "The sign-in server could not be reached. Please try again later.",
  "docsAuth.error.alreadySignedIn": "You are already signed in. To create another account, sign out first.",
  "docsAuth.error.signOutAndSignUp": "Sign out and create another account",
  "docsAuth.error.continue": "Continue as you are",
  "docsAuth.error.dismiss": "Dismiss",
  "docsAuth.email.notVerified":
    "Your e-mail address {address} is not verified yet. Open the link in the verification mail, or have it sent again.",
  "docsAuth.email.resend": "Send the verification mail again",
  "docsAuth.email.change": "Change e-mail address",
} as const;

export type AuthMessageId = keyof typeof DEFAULT_MESSAGES;
/** The words of the adapter's components, one per id. */
export type AuthMessages = Record<AuthMessageId, string>;

/** Fills `{name}` placeholders with values (an element among them needs its own `key`); a placeholder without a
 * value stays as it is. As Docusaurus's `interpolate`: splitting on the placeholders puts them at the odd places. */
export function fillIn(template: string, values: Record<string, ReactNode>): ReactNode[] {
  return template.split(/(\{\w+\})/).map((part, i) => {
    const name = part.slice(1, -1);
    return i % 2 === 1 && name in values ? values[name] : part;
  });
}

/** `fillIn` for plain text values: one string. */
export function fillInText(template: string, values: Record<string, string>): string {
  return fillIn(template, values).join("");
}

const AuthMessagesContext = createContext<AuthMessages>(DEFAULT_MESSAGES);
AuthMessagesContext.displayName = "DocsAuthMessages";

/** The words in force: those of the nearest `AuthMessagesProvider`, English without one. */
export function useAuthMessages(): AuthMessages {
  return useContext(AuthMessagesContext);
}

export interface AuthMessagesProviderProps {
  /** The words to use instead of the English ones; ids left out stay English. */
  messages: Partial<AuthMessages>;
  children?: ReactNode;
}

/** Gives the components below it other words (another language): any React app; the Docusaurus Root does it. */
export function AuthMessagesProvider({ messages, children }: AuthMessagesProviderProps) {
  return createElement(AuthMessagesContext.Provider, { value: { ...DEFAULT_MESSAGES, ...messages } }, children);
}

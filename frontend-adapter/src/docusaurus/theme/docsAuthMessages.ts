import { translate } from "@docusaurus/Translate";
import type { AuthMessages } from "../../messages.js";

/**
 * The adapter's words through Docusaurus's `translate()`, in the site's current locale: the site's
 * `i18n/<locale>/code.json` gives them (`docusaurus write-translations` finds these calls, so it lists the ids
 * there), English where it has none. Each call is written out with its id and English words, as Docusaurus reads
 * them from the source; the unit tests hold them to `DEFAULT_MESSAGES`.
 */
export default function docsAuthMessages(): AuthMessages {
  return {
    "docsAuth.button.redirecting": translate({ id: "docsAuth.button.redirecting", message: "Redirecting…" }),
    "docsAuth.button.signIn": translate({ id: "docsAuth.button.signIn", message: "Sign in" }),
    "docsAuth.button.signUp": translate({ id: "docsAuth.button.signUp", message: "Sign up" }),
    "docsAuth.button.signOut": translate({ id: "docsAuth.button.signOut", message: "Sign out" }),
    "docsAuth.prompt.message": translate({
      id: "docsAuth.prompt.message",
      message: "This content is for signed-in readers.",
    }),
    "docsAuth.prompt.label": translate({ id: "docsAuth.prompt.label", message: "Sign in required" }),
    "docsAuth.prompt.createAccount": translate({ id: "docsAuth.prompt.createAccount", message: "Create an account" }),
    "docsAuth.callback.title": translate({ id: "docsAuth.callback.title", message: "Signing in" }),
    "docsAuth.callback.progress": translate({ id: "docsAuth.callback.progress", message: "Signing you in…" }),
    "docsAuth.callback.failed": translate({ id: "docsAuth.callback.failed", message: "Sign-in failed" }),
    "docsAuth.callback.signInAgain": translate({ id: "docsAuth.callback.signInAgain", message: "Sign in again" }),
    "docsAuth.callback.home": translate({ id: "docsAuth.callback.home", message: "Back to the home page" }),
    "docsAuth.error.stateMismatch": translate({
      id: "docsAuth.error.stateMismatch",
      message: "This sign-in response does not belong to a sign-in started in this browser tab, so it was refused. Please sign in again.",
    }),
    "docsAuth.error.issuerMismatch": translate({
      id: "docsAuth.error.issuerMismatch",
      message: "This sign-in response did not come from the site's sign-in server, so it was refused. Please sign in again.",
    }),
    "docsAuth.error.cancelled": translate({ id: "docsAuth.error.cancelled", message: "Sign-in was cancelled." }),
    "docsAuth.error.authorization": translate({
      id: "docsAuth.error.authorization",
      message: "Sign-in failed ({error}). Please try again.",
    }),
    "docsAuth.error.callbackFailed": translate({
      id: "docsAuth.error.callbackFailed",
      message: "Sign-in could not be completed. Please try again.",
    }),
    "docsAuth.error.sessionExpired": translate({
      id: "docsAuth.error.sessionExpired",
      message: "Your session has ended. Please sign in again.",
    }),
    "docsAuth.error.redirectFailed": translate({
      id: "docsAuth.error.redirectFailed",
      message: "The sign-in server could not be reached. Please try again later.",
    }),
    "docsAuth.error.alreadySignedIn": translate({
      id: "docsAuth.error.alreadySignedIn",
      message: "You are already signed in. To create another account, sign out first.",
    }),
    "docsAuth.error.signOutAndSignUp": translate({
      id: "docsAuth.error.signOutAndSignUp",
      message: "Sign out and create another account",
    }),
    "docsAuth.error.continue": translate({ id: "docsAuth.error.continue", message: "Continue as you are" }),
    "docsAuth.error.dismiss": translate({ id: "docsAuth.error.dismiss", message: "Dismiss" }),
    "docsAuth.email.notVerified": translate({
      id: "docsAuth.email.notVerified",
      message: "Your e-mail address {address} is not verified yet. Open the link in the verification mail, or have it sent again.",
    }),
    "docsAuth.email.resend": translate({ id: "docsAuth.email.resend", message: "Send the verification mail again" }),
    "docsAuth.email.change": translate({ id: "docsAuth.email.change", message: "Change e-mail address" }),
  };
}

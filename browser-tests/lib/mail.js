// The development mail catcher of scripts/stack.py (MailDev), read through its REST API: GET /email lists every
// mail it keeps, oldest first, each with `to`, `subject`, `html` and `text`. Used wherever a test needs a mail
// Keycloak sent (verification on sign-up, reset, e-mail change).
import { MAIL_WEB_URL } from "./env.js";

/** The mails sent to `address` so far, oldest first. */
export async function mailsTo(address) {
  const response = await fetch(`${MAIL_WEB_URL}/email`);
  if (!response.ok) throw new Error(`the mail catcher at ${MAIL_WEB_URL} answered ${response.status}`);
  const wanted = address.toLowerCase();
  return (await response.json()).filter((m) => m.to.some((to) => to.address.toLowerCase() === wanted));
}

/** Waits (polling, up to `timeoutMs`) until `count` mails to `address` have arrived; returns them, oldest first. */
export async function waitForMails(address, count = 1, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await mailsTo(address);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) {
      // The local part alone: a whole address in a test log is what the log scan of make test looks for.
      throw new Error(`${mails.length} of ${count} mail(s) to the mailbox ${address.split('@')[0]} arrived in ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The one link of a mail's HTML part whose URL contains `path` (e.g. "/login-actions/action-token"), unescaped. */
export function mailLink(mail, path) {
  const links = new Set([...(mail.html ?? "").matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1].replaceAll("&amp;", "&"))
    .filter((url) => url.includes(path)));
  if (links.size !== 1) throw new Error(`expected one ${path} link in the mail "${mail.subject}", found ${links.size}`);
  return [...links][0];
}

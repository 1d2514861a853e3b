import { useHistory, useLocation } from "@docusaurus/router";
import { useCallback, type ReactNode } from "react";
import { AuthErrorNotice } from "../../components/AuthErrorNotice.js";
import { EmailVerificationNotice } from "../../components/EmailVerificationNotice.js";
import { callbackPathOf } from "../../config.js";
import { AuthMessagesProvider } from "../../messages.js";
import { useDocsAuthConfig } from "../client.js";
import { DocsAuthRoot } from "../DocsAuthRoot.js";
import docsAuthMessages from "./docsAuthMessages.js";

/**
 * `@theme/Root`: wraps the whole site, on every page, once. Above every page but the callback page (which says
 * it in its own words) it shows the reader's notice, if any: a session that ended, or "Sign up" finding them
 * signed in already, with the way to another account (class `docs-auth-error--page`, for the site's CSS); and
 * to a reader whose address is not verified, the way to verify or change it (`docs-auth-email-notice--page`).
 * The adapter's components below it speak the site's current locale (`docsAuthMessages`).
 */
export default function Root({ children }: { children?: ReactNode }) {
  const config = useDocsAuthConfig();
  const history = useHistory();
  const { pathname } = useLocation();
  const navigate = useCallback((path: string) => history.replace(path), [history]);
  return (
    <AuthMessagesProvider messages={docsAuthMessages()}>
      <DocsAuthRoot config={config} navigate={navigate}>
        {pathname !== callbackPathOf(config) && (
          <>
            <AuthErrorNotice className="docs-auth-error--page" />
            <EmailVerificationNotice className="docs-auth-email-notice--page" />
          </>
        )}
        {children}
      </DocsAuthRoot>
    </AuthMessagesProvider>
  );
}

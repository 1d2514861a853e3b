import { useHistory, useLocation } from "@docusaurus/router";
import { useCallback, type ReactNode } from "react";
import { AuthErrorNotice } from "../../components/AuthErrorNotice.js";
import { callbackPathOf } from "../../config.js";
import { useDocsAuthConfig } from "../client.js";
import { DocsAuthRoot } from "../DocsAuthRoot.js";

/**
 * `@theme/Root`: wraps the whole site, on every page, once. Above every page but the callback page (which says
 * it in its own words) it shows the reader's notice, if any: a session that ended, or "Sign up" finding them
 * signed in already, with the way to another account (class `docs-auth-error--page`, for the site's CSS).
 */
export default function Root({ children }: { children?: ReactNode }) {
  const config = useDocsAuthConfig();
  const history = useHistory();
  const { pathname } = useLocation();
  const navigate = useCallback((path: string) => history.replace(path), [history]);
  return (
    <DocsAuthRoot config={config} navigate={navigate}>
      {pathname !== callbackPathOf(config) && <AuthErrorNotice className="docs-auth-error--page" />}
      {children}
    </DocsAuthRoot>
  );
}

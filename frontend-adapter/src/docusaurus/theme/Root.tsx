import { useHistory } from "@docusaurus/router";
import { useCallback, type ReactNode } from "react";
import { useDocsAuthConfig } from "../client.js";
import { DocsAuthRoot } from "../DocsAuthRoot.js";

/** `@theme/Root`: wraps the whole site, on every page, once. */
export default function Root({ children }: { children?: ReactNode }) {
  const config = useDocsAuthConfig();
  const history = useHistory();
  const navigate = useCallback((path: string) => history.replace(path), [history]);
  return (
    <DocsAuthRoot config={config} navigate={navigate}>
      {children}
    </DocsAuthRoot>
  );
}

import type { ReactNode } from "react";
import { AuthProvider } from "../AuthProvider.js";
import type { AuthConfig } from "../config.js";

export interface DocsAuthRootProps {
  config: AuthConfig;
  /** The router's replace: back to the page the reader started from, without a page load. */
  navigate: (path: string) => void;
  children?: ReactNode;
}

export function DocsAuthRoot({ config, navigate, children }: DocsAuthRootProps) {
  return (
    <AuthProvider config={config} onSignedIn={navigate}>
      {children}
    </AuthProvider>
  );
}

// @vitest-environment node
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { AuthButton, AuthCallback, AuthProvider, ProtectedContent, useAuth } from "../src/index.js";
import DocsAuthCallbackPage from "../src/docusaurus/theme/DocsAuthCallbackPage.js";
import Root from "../src/docusaurus/theme/Root.js";
import { PLUGIN_NAME } from "../src/docusaurus/options.js";
import { config } from "./fakes.js";
import { pluginData } from "./stubs/useGlobalData.js";

function Status() {
  return <output>{useAuth().status}</output>;
}

describe("server rendering (static build), no window", () => {
  it("runs in an environment without window", () => {
    expect(typeof window).toBe("undefined");
    expect(typeof document).toBe("undefined");
  });

  it("renders the loading state, never a guess at signed in or out", () => {
    const factory = vi.fn();
    const html = renderToString(
      <AuthProvider config={config} userManagerFactory={factory}>
        <Status />
        <AuthButton />
        <ProtectedContent loading="…">secret</ProtectedContent>
      </AuthProvider>,
    );
    expect(html).toContain("<output>loading</output>");
    expect(html).toContain('data-status="loading"');
    expect(html).not.toContain("Sign in");
    expect(html).not.toContain("secret");
    // No OIDC client exists on the server: it would need window and storage.
    expect(factory).not.toHaveBeenCalled();
  });

  it("renders the Docusaurus Root and callback page from the plugin's data", () => {
    pluginData.set(PLUGIN_NAME, config);
    const html = renderToString(
      <Root>
        <DocsAuthCallbackPage />
      </Root>,
    );
    expect(html).toContain('data-layout-title="Signing in"');
    expect(html).toContain("Signing you in…");
  });

  it("has no session to offer during a server render", async () => {
    let auth: ReturnType<typeof useAuth> | undefined;
    function Grab() {
      auth = useAuth();
      return null;
    }
    renderToString(
      <AuthProvider config={config}>
        <Grab />
        <AuthCallback />
      </AuthProvider>,
    );
    await expect(auth?.getAccessToken()).resolves.toBeNull();
  });
});

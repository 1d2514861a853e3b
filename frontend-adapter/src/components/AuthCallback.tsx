import { useAuth } from "../useAuth.js";
import { AuthErrorNotice } from "./AuthErrorNotice.js";

/** Content of the callback page: progress while the code is exchanged, a visible error if it was refused. */
export function AuthCallback() {
  const auth = useAuth();
  // The site's home page (under Docusaurus's baseUrl, the plugin sets it so).
  const home = auth.config.postLogoutPath ?? "/";
  if (auth.error !== null) {
    return (
      <div className="docs-auth-callback">
        <h1>Sign-in failed</h1>
        <AuthErrorNotice />
        <p>
          <button type="button" onClick={() => void auth.signIn({ returnTo: home })}>
            Sign in again
          </button>{" "}
          <a href={home}>Back to the home page</a>
        </p>
      </div>
    );
  }
  return (
    <div className="docs-auth-callback" aria-busy="true">
      <p>Signing you in…</p>
    </div>
  );
}

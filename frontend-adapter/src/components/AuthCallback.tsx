import { useAuthMessages } from "../messages.js";
import { useAuth } from "../useAuth.js";
import { AuthErrorNotice } from "./AuthErrorNotice.js";

/** Content of the callback page: progress while the code is exchanged, a visible error if it was refused. */
export function AuthCallback() {
  const auth = useAuth();
  const m = useAuthMessages();
  // The site's home page (under Docusaurus's baseUrl, the plugin sets it so).
  const home = auth.config.postLogoutPath ?? "/";
  if (auth.error !== null) {
    return (
      <div className="docs-auth-callback">
        <h1>{m["docsAuth.callback.failed"]}</h1>
        <AuthErrorNotice />
        <p>
          <button type="button" onClick={() => void auth.signIn({ returnTo: home })}>
            {m["docsAuth.callback.signInAgain"]}
          </button>{" "}
          <a href={home}>{m["docsAuth.callback.home"]}</a>
        </p>
      </div>
    );
  }
  return (
    <div className="docs-auth-callback" aria-busy="true">
      <p>{m["docsAuth.callback.progress"]}</p>
    </div>
  );
}

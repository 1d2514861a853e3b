import { useAuthMessages } from "../messages.js";
import { useAuth } from "../useAuth.js";

export interface SignInPromptProps {
  /** Default the `docsAuth.prompt.message` words. */
  message?: string;
}

/** The default fallback of `ProtectedContent`. */
export function SignInPrompt({ message }: SignInPromptProps) {
  const auth = useAuth();
  const m = useAuthMessages();
  return (
    <div className="docs-auth-prompt" role="region" aria-label={m["docsAuth.prompt.label"]}>
      <p>{message ?? m["docsAuth.prompt.message"]}</p>
      <button type="button" onClick={() => void auth.signIn()}>
        {m["docsAuth.button.signIn"]}
      </button>{" "}
      <button type="button" onClick={() => void auth.signUp()}>
        {m["docsAuth.prompt.createAccount"]}
      </button>
    </div>
  );
}

import { useAuth } from "../useAuth.js";

export interface SignInPromptProps {
  message?: string;
}

/** The default fallback of `ProtectedContent`. */
export function SignInPrompt({ message = "This content is for signed-in readers." }: SignInPromptProps) {
  const auth = useAuth();
  return (
    <div className="docs-auth-prompt" role="region" aria-label="Sign in required">
      <p>{message}</p>
      <button type="button" onClick={() => void auth.signIn()}>
        Sign in
      </button>{" "}
      <button type="button" onClick={() => void auth.signUp()}>
        Create an account
      </button>
    </div>
  );
}

import { act, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it } from "vitest";
import { AuthProvider } from "../src/AuthProvider.js";
import { AuthButton } from "../src/components/AuthButton.js";
import { AuthCallback } from "../src/components/AuthCallback.js";
import { AuthErrorNotice } from "../src/components/AuthErrorNotice.js";
import { EmailVerificationNotice } from "../src/components/EmailVerificationNotice.js";
import { SignInPrompt } from "../src/components/SignInPrompt.js";
import docsAuthMessages from "../src/docusaurus/theme/docsAuthMessages.js";
import { AuthError, describeAuthError } from "../src/errors.js";
import { AuthMessagesProvider, DEFAULT_MESSAGES, fillIn, fillInText, useAuthMessages, type AuthMessages } from "../src/messages.js";
import { config, FakeUserManager, goTo, session } from "./fakes.js";
import { calls, codeTranslations } from "./stubs/Translate.js";

/** A French site's words for a few ids (the others left English). */
const FRENCH: Partial<AuthMessages> = {
  "docsAuth.button.signIn": "Se connecter",
  "docsAuth.button.signUp": "Créer un compte",
  "docsAuth.button.signOut": "Se déconnecter",
  "docsAuth.error.authorization": "Échec de la connexion ({error}).",
  "docsAuth.email.notVerified": "Votre adresse {address} n'est pas encore vérifiée.",
  "docsAuth.prompt.message": "Réservé aux lecteurs connectés.",
  "docsAuth.callback.progress": "Connexion en cours…",
};

let manager: FakeUserManager;

function inFrench(ui: ReactNode) {
  return render(
    <AuthMessagesProvider messages={FRENCH}>
      <AuthProvider config={config} onSignedIn={() => undefined} userManagerFactory={() => manager}>
        {ui}
      </AuthProvider>
    </AuthMessagesProvider>,
  );
}

beforeEach(() => {
  manager = new FakeUserManager();
  goTo("/fr/docs/intro");
  codeTranslations.clear();
});

describe("fillIn", () => {
  it("puts each value in its {placeholder} and leaves one without a value as it is", () => {
    expect(fillIn("a {x} b {y} {x}", { x: "1" })).toEqual(["a ", "1", " b ", "{y}", " ", "1", ""]);
    expect(fillInText("Sign-in failed ({error}).", { error: "access_denied" })).toBe("Sign-in failed (access_denied).");
    expect(fillInText("no placeholder", {})).toBe("no placeholder");
    // Only a placeholder is replaced, not text that looks like one without its braces.
    expect(fillIn("[x]{x}", { x: "1" })).toEqual(["[x]", "1", ""]);
  });
});

describe("describeAuthError", () => {
  it("words the error in the messages given, English without", () => {
    const denied = new AuthError("authorization_error", "detail", { oauthError: "server_error" });
    expect(describeAuthError(denied, { ...DEFAULT_MESSAGES, ...FRENCH })).toBe("Échec de la connexion (server_error).");
    expect(describeAuthError(denied)).toBe("Sign-in failed (server_error). Please try again.");
    expect(describeAuthError(new AuthError("already_signed_in", "d"), { ...DEFAULT_MESSAGES, "docsAuth.error.alreadySignedIn": "Déjà connecté." }))
      .toBe("Déjà connecté.");
  });
});

describe("the components' words", () => {
  it("are English outside any provider", () => {
    function Words() {
      return <span>{useAuthMessages()["docsAuth.button.signIn"]}</span>;
    }
    render(<Words />);
    expect(screen.getByText("Sign in")).toBeTruthy();
  });

  it("are the provider's: the navbar control signed out and signed in, ids left out in English", async () => {
    inFrench(<AuthButton />);
    expect(await screen.findByRole("button", { name: "Se connecter" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Créer un compte" })).toBeTruthy();
    await act(async () => screen.getByRole("button", { name: "Se connecter" }).click());
    expect(screen.getByText("Redirecting…")).toBeTruthy(); // not in FRENCH
  });

  it("sign-out, the prompt, the callback's progress and the address notice in the provider's words", async () => {
    manager.stored = session({ profile: { email: "ada@example.org", email_verified: false } });
    inFrench(
      <>
        <AuthButton />
        <EmailVerificationNotice />
      </>,
    );
    expect(await screen.findByRole("button", { name: "Se déconnecter" })).toBeTruthy();
    const notice = screen.getByRole("status");
    expect(notice.querySelector("p")?.textContent).toBe("Votre adresse ada@example.org n'est pas encore vérifiée.");
    expect(notice.querySelector("strong")?.textContent).toBe("ada@example.org");
    // The address keeps its own direction inside a right-to-left sentence, as in the navbar.
    expect(notice.querySelector("strong")?.getAttribute("dir")).toBe("auto");
    expect(screen.getByText("ada@example.org", { selector: ".docs-auth-button__name" }).getAttribute("dir")).toBe("auto");
  });

  it("the notice without an address in the token, the prompt and the callback", async () => {
    manager.getUser.mockReturnValue(new Promise(() => undefined));
    inFrench(
      <>
        <SignInPrompt />
        <AuthCallback />
      </>,
    );
    expect(screen.getByText("Réservé aux lecteurs connectés.")).toBeTruthy();
    expect(screen.getByRole("region", { name: "Sign in required" })).toBeTruthy();
    expect(screen.getByText("Connexion en cours…")).toBeTruthy();
  });

  it("the error notice in the provider's words", async () => {
    manager.stored = session({ expires_in: -1 });
    manager.renewResult = () => Promise.reject(new Error("expired"));
    render(
      <AuthMessagesProvider messages={{ "docsAuth.error.sessionExpired": "Votre session a pris fin.", "docsAuth.error.dismiss": "Fermer" }}>
        <AuthProvider config={config} onSignedIn={() => undefined} userManagerFactory={() => manager}>
          <AuthErrorNotice />
        </AuthProvider>
      </AuthMessagesProvider>,
    );
    expect((await screen.findByRole("alert")).querySelector("p")?.textContent).toBe("Votre session a pris fin.");
    expect(screen.getByRole("button", { name: "Fermer" })).toBeTruthy();
  });
});

describe("docsAuthMessages (the Docusaurus Root's words)", () => {
  it("has every id, each with the English words of DEFAULT_MESSAGES where the site's code.json has none", () => {
    expect(docsAuthMessages()).toEqual(DEFAULT_MESSAGES);
  });

  it("takes the site's code.json words for an id", () => {
    codeTranslations.set("docsAuth.button.signIn", "تسجيل الدخول");
    expect(docsAuthMessages()).toEqual({ ...DEFAULT_MESSAGES, "docsAuth.button.signIn": "تسجيل الدخول" });
  });

  it("asks translate() for each id with its English words (what `docusaurus write-translations` lists)", () => {
    calls.length = 0;
    docsAuthMessages();
    expect(Object.fromEntries(calls.map(({ id, message }) => [id, message]))).toEqual(DEFAULT_MESSAGES);
    expect(calls).toHaveLength(Object.keys(DEFAULT_MESSAGES).length);
  });
});

import Translate, { translate } from "@docusaurus/Translate";
import { usePluralForm } from "@docusaurus/theme-common";
import useBaseUrl from "@docusaurus/useBaseUrl";
import Layout from "@theme/Layout";
import {
  AccountApiError,
  attributeOf,
  consentOf,
  dataExportFileName,
  downloadJson,
  fetchDataExport,
  ProtectedContent,
  QuotaExceededError,
  readAccount,
  useAccountFetch,
  useAuth,
  writeConsent,
  type AccountRepresentation,
  type AuthFetch,
} from "docs-auth-react";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { LEVELS, labelOf, ROLES } from "../components/backgroundLabels";
import styles from "./account.module.css";


/** "Try again in N minutes", in the site's language (plural forms separated by |). */
function useWaitMessage(): (seconds: number) => string {
  const { selectMessage } = usePluralForm();
  return (seconds) => {
    const minutes = Math.ceil(seconds / 60);
    return selectMessage(
      minutes,
      translate(
        {
          id: "account.export.wait",
          message: "You asked for your data many times in a short time; try again in one minute.|You asked for your data many times in a short time; try again in {count} minutes.",
        },
        { count: minutes },
      ),
    );
  };
}

function Section({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section className={styles.section} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** The background as the account holds it (read from Keycloak: without consent the tokens do not carry it). */
function Background({ account }: { account: AccountRepresentation }) {
  const { editBackground } = useAuth();
  // This page in the current locale (/fr/account on the French site): the reader comes back to it from Keycloak.
  const accountPath = useBaseUrl("/account");
  const roleOther = attributeOf(account, "roleOther");
  return (
    <Section id="account-background" title={<Translate id="account.background.title">Your background</Translate>}>
      <table className={styles.table}>
        <tbody>
          <tr>
            <th scope="row"><Translate id="account.background.level">Experience level</Translate></th>
            <td data-testid="account-level">{labelOf(LEVELS, attributeOf(account, "experienceLevel"))}</td>
          </tr>
          <tr>
            <th scope="row"><Translate id="account.background.role">Professional role</Translate></th>
            <td data-testid="account-role">
              {labelOf(ROLES, attributeOf(account, "professionalRole"))}
              {roleOther !== undefined && ` (${roleOther})`}
            </td>
          </tr>
          <tr>
            <th scope="row"><Translate id="account.background.organization">Organization</Translate></th>
            <td>{attributeOf(account, "organization") ?? "—"}</td>
          </tr>
        </tbody>
      </table>
      <button type="button" className={`button button--secondary ${styles.button}`} onClick={() => void editBackground({ returnTo: accountPath })}>
        <Translate id="account.background.edit">Edit your background</Translate>
      </button>
    </Section>
  );
}

type Saving = { state: "idle" } | { state: "saving"; consent: boolean } | { state: "saved"; consent: boolean } | { state: "failed" };

/**
 * The consent to personalisation, written to Keycloak with the page's own token; then the site's token is renewed,
 * so the next question carries the background (or not). Keycloak also tells the chatbot API, which refuses the
 * older token.
 */
function Consent({ account, accountFetch, reload }: { account: AccountRepresentation; accountFetch: AuthFetch; reload: () => Promise<void> }) {
  const { config, renewAccessToken } = useAuth();
  const [saving, setSaving] = useState<Saving>({ state: "idle" });
  // While a change is being saved the box shows it; once saved it shows Keycloak's value again (the same), and after
  // a failure Keycloak's value as it was.
  const consent = saving.state === "saving" ? saving.consent : consentOf(account);

  async function change(next: boolean) {
    setSaving({ state: "saving", consent: next });
    try {
      await writeConsent(accountFetch, config, next);
      await renewAccessToken();
      await reload();
      setSaving({ state: "saved", consent: next });
    } catch {
      setSaving({ state: "failed" });
    }
  }

  return (
    <Section id="account-consent" title={<Translate id="account.consent.title">Personalisation</Translate>}>
      <p>
        <Translate id="account.consent.explain">
          Your background is kept either way. With your consent, the assistant receives it and shapes its answers to
          it; without, it answers everyone alike. You can change this at any time.
        </Translate>
      </p>
      <label className={styles.toggle}>
        <input
          type="checkbox"
          data-testid="account-consent"
          checked={consent}
          disabled={saving.state === "saving"}
          onChange={(e) => void change(e.target.checked)}
        />
        <span>
          <Translate id="account.consent.label">Use my background to tailor the assistant's answers</Translate>
        </span>
      </label>
      <div role="status" aria-live="polite" data-testid="account-consent-status">
        {saving.state === "saving" && <p><Translate id="account.consent.saving">Saving…</Translate></p>}
        {saving.state === "saved" && (
          <p>
            {saving.consent ? (
              <Translate id="account.consent.on">Saved. The assistant's answers now follow your background.</Translate>
            ) : (
              <Translate id="account.consent.off">Saved. The assistant now answers without your background.</Translate>
            )}
          </p>
        )}
      </div>
      {saving.state === "failed" && (
        <p role="alert" className={styles.error}>
          <Translate id="account.consent.failed">Your choice could not be saved. Please try again.</Translate>
        </p>
      )}
    </Section>
  );
}

type Download = { state: "idle" } | { state: "fetching" } | { state: "done"; fileName: string } | { state: "failed"; message: string };

/**
 * One file: Keycloak's part (with the page's own token) and the chatbot API's (with the site's), joined by the
 * adapter (docs/data-export.schema.json).
 */
function Data({ accountFetch }: { accountFetch: AuthFetch }) {
  const { authFetch, config } = useAuth();
  const [download, setDownload] = useState<Download>({ state: "idle" });
  const waitMessage = useWaitMessage();

  async function start() {
    setDownload({ state: "fetching" });
    try {
      const file = await fetchDataExport({ keycloak: accountFetch, chatbot: authFetch }, config);
      const fileName = dataExportFileName(new Date(file.exported_at));
      downloadJson(file, fileName);
      setDownload({ state: "done", fileName });
    } catch (error) {
      const message = error instanceof QuotaExceededError
        ? waitMessage(error.retryAfterSeconds)
        : translate({ id: "account.export.failed", message: "Your data could not be gathered. Please try again." });
      setDownload({ state: "failed", message });
    }
  }

  return (
    <Section id="account-data" title={<Translate id="account.export.title">Your data</Translate>}>
      <p>
        <Translate id="account.export.explain">
          One JSON file with everything held about you: your profile and background, your consent history, your
          sign-in methods (never a password), your sessions and devices, and the questions you asked the assistant
          (when, not what).
        </Translate>
      </p>
      <button type="button" className={`button button--secondary ${styles.button}`} data-testid="account-download" disabled={download.state === "fetching"} onClick={() => void start()}>
        {download.state === "fetching" ? (
          <Translate id="account.export.fetching">Gathering your data…</Translate>
        ) : (
          <Translate id="account.export.button">Download my data</Translate>
        )}
      </button>
      <div role="status" aria-live="polite">
        {download.state === "done" && (
          <p>
            <Translate id="account.export.done" values={{ fileName: <code>{download.fileName}</code> }}>
              {"Downloaded: {fileName}"}
            </Translate>
          </p>
        )}
      </div>
      {download.state === "failed" && (
        <p role="alert" className={styles.error}>
          {download.message}
        </p>
      )}
    </Section>
  );
}

function Delete() {
  const { deleteAccount } = useAuth();
  const home = useBaseUrl("/");
  return (
    <Section id="account-delete" title={<Translate id="account.delete.title">Delete your account</Translate>}>
      <p>
        <Translate id="account.delete.explain">
          Everything about you goes: your account, your background, your consent history and the assistant's log of
          your questions. You will be asked to sign in again and to confirm.
        </Translate>
      </p>
      <button type="button" className={`button button--danger ${styles.button} ${styles.delete}`} data-testid="account-delete" onClick={() => void deleteAccount({ returnTo: home })}>
        <Translate id="account.delete.button">Delete my account</Translate>
      </button>
    </Section>
  );
}

/**
 * The page's sections. Keycloak's account API and the export take the page's own token (`useAccountFetch`: scope
 * docs-account, in memory while the page is open), never sent to the chatbot API; the site's tokens are for that
 * API alone (security finding 6).
 */
function AccountSections() {
  const { config } = useAuth();
  const accountFetch = useAccountFetch();
  const [account, setAccount] = useState<AccountRepresentation | null>(null);
  const [failed, setFailed] = useState<number | null>(null);
  const reload = useCallback(async () => {
    try {
      setAccount(await readAccount(accountFetch, config));
      setFailed(null);
    } catch (error) {
      setFailed(error instanceof AccountApiError ? error.status : 0);
    }
  }, [accountFetch, config]);
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <>
      {failed !== null && account === null ? (
        <p role="alert" className={styles.error} data-testid="account-load-failed">
          <Translate id="account.load.failed">Your background and consent could not be read from the sign-in server. Please reload the page.</Translate>
        </p>
      ) : account === null ? (
        <p><Translate id="account.load.loading">Loading your account…</Translate></p>
      ) : (
        <>
          <p data-testid="account-email">
            <Translate id="account.email" values={{ email: <strong dir="auto">{account.email ?? "—"}</strong> }}>
              {"Signed in as {email}."}
            </Translate>
          </p>
          <Background account={account} />
          <Consent account={account} accountFetch={accountFetch} reload={reload} />
        </>
      )}
      <Data accountFetch={accountFetch} />
      <Delete />
    </>
  );
}

export default function Account() {
  const title = translate({ id: "account.title", message: "Your account" });
  return (
    <Layout title={title} description={translate({ id: "account.description", message: "Your background, your consent, your data" })}>
      <main className="container margin-vert--lg">
        <h1>{title}</h1>
        <ProtectedContent>
          <AccountSections />
        </ProtectedContent>
      </main>
    </Layout>
  );
}

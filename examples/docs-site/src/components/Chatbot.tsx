import Link from "@docusaurus/Link";
import Translate, { translate } from "@docusaurus/Translate";
import { usePluralForm } from "@docusaurus/theme-common";
import { ProtectedContent, QuotaExceededError, rejectOverQuota, useAuth } from "docs-auth-react";
import { useState, type FormEvent } from "react";
import { LEVELS, labelOf } from "./backgroundLabels";
import { isSitePath } from "./siteLinks";
import styles from "./Chatbot.module.css";

interface Source {
  title: string;
  path: string;
}
interface Answer {
  answer: string;
  experience_level: string | null;
  sources: Source[];
}

type Exchange =
  | { state: "idle" }
  | { state: "asking" }
  | { state: "answered"; answer: Answer }
  | { state: "failed"; message: string }
  /** 403: the API's RFC 6750 error_description, shown as it is. */
  | { state: "refused"; description: string }
  /** 429: over the reader's question quota; the API accepts questions again in this many seconds. */
  | { state: "over-quota"; retryAfterSeconds: number };

/**
 * "Try again in N minutes" (or hours, past two), in the site's language: Docusaurus's translate() and plural
 * forms, so a translated site words it in its own (ids chatbot.quota.*).
 */
function useQuotaMessage(): (seconds: number) => string {
  const { selectMessage } = usePluralForm();
  return (seconds) => {
    const minutes = Math.ceil(seconds / 60);
    if (minutes > 120) {
      const hours = Math.ceil(minutes / 60);
      return selectMessage(hours, translate(
        {
          id: "chatbot.quota.hours",
          message: "You have asked many questions in a short time; try again in one hour.|You have asked many questions in a short time; try again in {count} hours.",
          description: "The chat's notice when the reader is over their question quota (plural forms separated by |)",
        },
        { count: hours },
      ));
    }
    return selectMessage(minutes, translate(
      {
        id: "chatbot.quota.minutes",
        message: "You have asked many questions in a short time; try again in one minute.|You have asked many questions in a short time; try again in {count} minutes.",
        description: "The chat's notice when the reader is over their question quota (plural forms separated by |)",
      },
      { count: minutes },
    ));
  };
}

/** The `error_description` of the adapter's refusal body (`{"detail": {"error", "error_description"}}`), if any. */
async function refusalOf(res: Response): Promise<string> {
  const body: unknown = await res.json().catch(() => null);
  const detail = typeof body === "object" && body !== null ? (body as { detail?: unknown }).detail : undefined;
  const text = typeof detail === "object" && detail !== null ? (detail as { error_description?: unknown }).error_description : undefined;
  return typeof text === "string" ? text : `HTTP ${res.status}`;
}

function asAnswer(body: unknown): Answer | null {
  if (typeof body !== "object" || body === null) return null;
  const { answer, experience_level, sources } = body as Record<string, unknown>;
  if (typeof answer !== "string") return null;
  const list = Array.isArray(sources)
    ? sources.filter((s): s is Source => typeof s === "object" && s !== null && typeof s.title === "string" && typeof s.path === "string")
    : [];
  return { answer, experience_level: typeof experience_level === "string" ? experience_level : null, sources: list };
}

/**
 * "Answer for a beginner reader", with the level's label of the site (background.level.*); one sentence per level,
 * so each language words its own (ids chatbot.answer.*). A level outside the set is shown as it came.
 */
function AnswerLevel({ level }: { level: string }) {
  const label = <strong>{labelOf(LEVELS, level).toLocaleLowerCase()}</strong>;
  switch (level) {
    case "beginner":
      return <Translate id="chatbot.answer.beginner" values={{ level: label }}>{"Answer for a {level} reader"}</Translate>;
    case "intermediate":
      return <Translate id="chatbot.answer.intermediate" values={{ level: label }}>{"Answer for an {level} reader"}</Translate>;
    case "advanced":
      return <Translate id="chatbot.answer.advanced" values={{ level: label }}>{"Answer for an {level} reader"}</Translate>;
    default:
      return <Translate id="chatbot.answer.other" values={{ level: label }}>{"Answer for the level {level}"}</Translate>;
  }
}

function Ask() {
  const { authFetch, config, user, verifyEmail } = useAuth();
  const apiUrl = config.apiUrl ?? "http://localhost:8000";
  const [query, setQuery] = useState("");
  const [exchange, setExchange] = useState<Exchange>({ state: "idle" });
  const quotaMessage = useQuotaMessage();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setExchange({ state: "asking" });
    try {
      const res = rejectOverQuota(
        await authFetch(`${apiUrl}/api/query`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ query }),
        }),
      );
      if (res.status === 401) return setExchange({ state: "failed", message: translate({ id: "chatbot.error.sessionEnded", message: "Your session has ended. Please sign in again." }) });
      if (res.status === 403) return setExchange({ state: "refused", description: await refusalOf(res) });
      if (res.status === 422) return setExchange({ state: "failed", message: translate({ id: "chatbot.error.length", message: "Ask a question of 1 to 2,000 characters." }) });
      if (!res.ok) return setExchange({ state: "failed", message: translate({ id: "chatbot.error.status", message: "The assistant answered {status}. Please try again." }, { status: res.status }) });
      const answer = asAnswer(await res.json());
      setExchange(answer === null ? { state: "failed", message: translate({ id: "chatbot.error.unreadable", message: "The assistant sent an answer this page cannot read." }) } : { state: "answered", answer });
    } catch (error) {
      if (error instanceof QuotaExceededError) return setExchange({ state: "over-quota", retryAfterSeconds: error.retryAfterSeconds });
      setExchange({ state: "failed", message: translate({ id: "chatbot.error.unreachable", message: "The assistant could not be reached." }) });
    }
  }

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)}>
      <label htmlFor="docs-question">
        <Translate id="chatbot.label">Ask the docs assistant</Translate>
      </label>
      <textarea
        id="docs-question"
        // The reader may ask in any language: the question keeps its own direction as it is typed.
        dir="auto"
        value={query}
        maxLength={2000}
        rows={3}
        placeholder={translate({ id: "chatbot.placeholder", message: "How do access tokens expire?" })}
        onChange={(e) => setQuery(e.target.value)}
      />
      <button type="submit" className="button button--primary" disabled={exchange.state === "asking" || query.trim() === ""}>
        {exchange.state === "asking"
          ? translate({ id: "chatbot.asking", message: "Asking…", description: "The chat's button while the question is on its way" })
          : translate({ id: "chatbot.ask", message: "Ask", description: "The chat's button that sends the question" })}
      </button>
      {/* A live region present from the start, so that screen readers announce the notice when it appears. */}
      <div role="status" aria-live="polite" data-testid="chatbot-status">
        {exchange.state === "over-quota" && <p className={styles.error}>{quotaMessage(exchange.retryAfterSeconds)}</p>}
      </div>
      {exchange.state === "failed" && (
        <p role="alert" className={styles.error}>
          {exchange.message}
        </p>
      )}
      {exchange.state === "refused" && (
        <div role="alert" className={styles.error} data-testid="chatbot-refused">
          {user?.email_verified === false ? (
            <>
              <p>
                <Translate id="chatbot.refused.unverified">
                  The assistant answers readers whose e-mail address is verified. Open the link in the verification
                  mail, or have it sent again.
                </Translate>
              </p>
              <button type="button" className="button button--secondary button--sm" onClick={() => void verifyEmail()}>
                <Translate id="chatbot.refused.resend">Send the verification mail again</Translate>
              </button>
            </>
          ) : (
            <p>
              <Translate id="chatbot.refused">The assistant refused the question.</Translate>
            </p>
          )}
          {/* The API's own words (English): dir="auto" keeps their direction on a right-to-left page. */}
          <p className={styles.refusal}>
            <Translate id="chatbot.refused.said" values={{ description: <q dir="auto">{exchange.description}</q> }}>
              {"The assistant said: {description}"}
            </Translate>
          </p>
        </div>
      )}
      {exchange.state === "answered" && (
        <section className={styles.answer} aria-live="polite" data-testid="chatbot-answer">
          {exchange.answer.experience_level !== null ? (
            <p className={styles.level}>
              <AnswerLevel level={exchange.answer.experience_level} />
            </p>
          ) : (
            // No background in the token: the reader has not consented to personalisation (the Account page).
            <p className={styles.level} data-testid="chatbot-generic">
              <Translate id="chatbot.generic">General answer.</Translate>{" "}
              <Link to="/account">
                <Translate id="chatbot.generic.tailor">Tailor the answers to your background</Translate>
              </Link>
            </p>
          )}
          {/* Plain text: React escapes it; the answer is never parsed as HTML or Markdown. */}
          <p className={styles.text} dir="auto">
            {exchange.answer.answer}
          </p>
          {exchange.answer.sources.length > 0 && (
            <ul className={styles.sources}>
              {exchange.answer.sources.map((s) => (
                <li key={s.path + s.title} dir="auto">{isSitePath(s.path) ? <Link to={s.path}>{s.title}</Link> : s.title}</li>
              ))}
            </ul>
          )}
        </section>
      )}
    </form>
  );
}

/** The chatbot box: signed-in readers ask; the answer is shaped by their experience level. */
export default function Chatbot() {
  return (
    <div className={styles.box}>
      <ProtectedContent
        loading={
          <p className={styles.placeholder}>
            <Translate id="chatbot.loading">Docs assistant</Translate>
          </p>
        }
      >
        <Ask />
      </ProtectedContent>
    </div>
  );
}

import Translate, { translate } from "@docusaurus/Translate";
import { usePluralForm } from "@docusaurus/theme-common";
import Layout from "@theme/Layout";
import { ProtectedContent, useAuth } from "docs-auth-react";
import { useEffect, useState } from "react";
import { LEVELS, labelOf } from "../components/backgroundLabels";

interface Me {
  email: string | null;
  experience_level: string | null;
  questions_asked?: number;
}

// What is secret comes from the API, which checks the token: the page itself is in the public bundle.
function FromTheApi() {
  const { authFetch, config } = useAuth();
  const [me, setMe] = useState<Me | null>(null);
  const [failed, setFailed] = useState(false);
  const { selectMessage } = usePluralForm();
  useEffect(() => {
    let live = true;
    authFetch(`${config.apiUrl ?? "http://localhost:8000"}/api/me`)
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as Me;
        if (live) setMe(body);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [authFetch, config.apiUrl]);
  if (failed) return <p><Translate id="members.failed">The chatbot API could not be reached.</Translate></p>;
  if (me === null) return <p><Translate id="members.loading">Loading your profile from the API…</Translate></p>;
  // The address reads left to right on a right-to-left page too (<bdi>); the level by the site's label.
  const who = (
    <strong>
      {me.email === null ? translate({ id: "members.aReader", message: "a reader" }) : <bdi>{me.email}</bdi>}
      {me.experience_level !== null && ` (${labelOf(LEVELS, me.experience_level).toLocaleLowerCase()})`}
    </strong>
  );
  return (
    <p data-testid="members-me">
      <Translate id="members.knownAs" values={{ who }}>{"The API knows you as {who}."}</Translate>
      {me.questions_asked !== undefined && (
        <>
          {" "}
          {selectMessage(me.questions_asked, translate(
            {
              id: "members.questions",
              message: "You have asked the assistant {count} question.|You have asked the assistant {count} questions.",
              description: "How many questions the reader has asked (plural forms separated by |)",
            },
            { count: me.questions_asked },
          ))}
        </>
      )}
    </p>
  );
}

export default function Members() {
  const title = translate({ id: "members.title", message: "Members" });
  return (
    <Layout title={title} description={translate({ id: "members.description", message: "For signed-in readers" })}>
      <main className="container margin-vert--lg">
        <h1>{title}</h1>
        <ProtectedContent>
          <p><Translate id="members.welcome">Welcome back. This page is only shown to signed-in readers.</Translate></p>
          <FromTheApi />
        </ProtectedContent>
      </main>
    </Layout>
  );
}

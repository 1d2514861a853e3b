import Layout from "@theme/Layout";
import { ProtectedContent, useAuth } from "docs-auth-react";
import { useEffect, useState } from "react";

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
  if (failed) return <p>The chatbot API could not be reached.</p>;
  if (me === null) return <p>Loading your profile from the API…</p>;
  return (
    <p data-testid="members-me">
      The API knows you as <strong>{me.email ?? "a reader"}</strong>
      {me.experience_level !== null && <> ({me.experience_level})</>}
      {me.questions_asked !== undefined && <>; you have asked the assistant {me.questions_asked} question(s)</>}.
    </p>
  );
}

export default function Members() {
  return (
    <Layout title="Members" description="For signed-in readers">
      <main className="container margin-vert--lg">
        <h1>Members</h1>
        <ProtectedContent>
          <p>Welcome back. This page is only shown to signed-in readers.</p>
          <FromTheApi />
        </ProtectedContent>
      </main>
    </Layout>
  );
}

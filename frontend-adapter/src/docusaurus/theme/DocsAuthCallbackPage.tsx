import Layout from "@theme/Layout";
import { AuthCallback } from "../../components/AuthCallback.js";
import { useAuthMessages } from "../../messages.js";

/** The route the plugin adds at the callback path; the provider in `Root` does the work. */
export default function DocsAuthCallbackPage() {
  return (
    <Layout title={useAuthMessages()["docsAuth.callback.title"]}>
      <main className="container margin-vert--xl">
        <AuthCallback />
      </main>
    </Layout>
  );
}

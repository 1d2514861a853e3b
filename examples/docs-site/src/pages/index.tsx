import Link from "@docusaurus/Link";
import Layout from "@theme/Layout";
import Chatbot from "../components/Chatbot";

export default function Home() {
  return (
    <Layout title="Home" description="Docs with sign-in and a personalised assistant">
      <main className="container margin-vert--lg">
        <h1>Docs</h1>
        <p>
          Sign up once on the sign-in server and tell it your experience level and role: the assistant below answers
          for your level. Start with <Link to="/docs/intro">the introduction</Link>.
        </p>
        <Chatbot />
      </main>
    </Layout>
  );
}

import Link from "@docusaurus/Link";
import Translate, { translate } from "@docusaurus/Translate";
import Layout from "@theme/Layout";
import Chatbot from "../components/Chatbot";

export default function Home() {
  return (
    <Layout
      title={translate({ id: "home.title", message: "Home" })}
      description={translate({ id: "home.description", message: "Docs with sign-in and a personalised assistant" })}
    >
      <main className="container margin-vert--lg">
        <h1>Docs</h1>
        <p>
          <Translate
            id="home.intro"
            values={{
              introduction: (
                <Link to="/docs/intro">
                  <Translate id="home.intro.link">the introduction</Translate>
                </Link>
              ),
            }}
          >
            {"Sign up once on the sign-in server and tell it your experience level and role: the assistant below answers for your level. Start with {introduction}."}
          </Translate>
        </p>
        <Chatbot />
      </main>
    </Layout>
  );
}

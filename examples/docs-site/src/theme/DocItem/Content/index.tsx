import { useDoc } from "@docusaurus/plugin-content-docs/client";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import Content from "@theme-original/DocItem/Content";
import type ContentType from "@theme/DocItem/Content";
import type { WrapperProps } from "@docusaurus/types";
import { useLocaleLanguage } from "@site/src/components/InSiteLanguage";

type Props = WrapperProps<typeof ContentType>;

/**
 * An article not translated yet into the page's language is the default locale's (Docusaurus falls back to
 * docs/*.md): it is marked as such (lang="en" dir="ltr"), so an English article on /ar/ reads left to right, its
 * end punctuation at its end, and screen readers read it as English. A translation (i18n/<locale>/…) is not marked.
 */
export default function ContentWrapper(props: Props) {
  const { metadata } = useDoc();
  const { i18n } = useDocusaurusContext();
  const original = useLocaleLanguage(i18n.defaultLocale);
  const fallback = i18n.currentLocale !== i18n.defaultLocale && !metadata.source.startsWith("@site/i18n/");
  if (!fallback) return <Content {...props} />;
  return (
    <div lang={original.lang} dir={original.dir} data-untranslated="">
      <Content {...props} />
    </div>
  );
}

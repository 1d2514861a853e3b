import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import type { ReactNode } from "react";

/** A locale's `lang` and direction as docusaurus.config.ts sets them (the current locale's by default): "ar", "rtl". */
export function useLocaleLanguage(locale?: string): { lang: string; dir: "ltr" | "rtl" } {
  const { i18n } = useDocusaurusContext();
  const name = locale ?? i18n.currentLocale;
  const config = i18n.localeConfigs[name];
  return { lang: config?.htmlLang ?? name, dir: config?.direction ?? "ltr" };
}

/**
 * The site's own words inside an article that is shown in English until it is translated (whose content is marked
 * `lang="en" dir="ltr"`, src/theme/DocItem/Content): back in the page's language and direction.
 */
export function InSiteLanguage({ children }: { children: ReactNode }) {
  const { lang, dir } = useLocaleLanguage();
  return (
    <div lang={lang} dir={dir}>
      {children}
    </div>
  );
}

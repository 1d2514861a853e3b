import type { SidebarsConfig } from "@docusaurus/plugin-content-docs";

const sidebars: SidebarsConfig = {
  docs: ["intro", "sign-in", "tokens", "profile"],
};

export default sidebars;

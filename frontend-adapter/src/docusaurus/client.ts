import { usePluginData } from "@docusaurus/useGlobalData";
import type { AuthConfig } from "../config.js";
import { PLUGIN_NAME } from "./options.js";

/** The plugin's options in the browser and in the server render, e.g. `useDocsAuthConfig().apiUrl`. */
export function useDocsAuthConfig(): AuthConfig {
  return usePluginData(PLUGIN_NAME) as AuthConfig;
}

// The few Docusaurus client modules the theme files import; Docusaurus provides them at bundle time.
declare module "@docusaurus/useGlobalData" {
  export function usePluginData(pluginName: string, pluginId?: string): unknown;
}
declare module "@docusaurus/router" {
  export function useHistory(): { replace(path: string): void; push(path: string): void };
  export function useLocation(): { pathname: string };
}
declare module "@docusaurus/Translate" {
  export function translate(param: { id?: string; message: string; description?: string }, values?: Record<string, string | number>): string;
}
declare module "@theme/Layout" {
  import type { ReactNode } from "react";
  export default function Layout(props: { title?: string; description?: string; children?: ReactNode }): ReactNode;
}

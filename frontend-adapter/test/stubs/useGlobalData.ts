// Stand-in for Docusaurus's global data: tests set what the plugin would have stored.
export const pluginData = new Map<string, unknown>();

export function usePluginData(name: string): unknown {
  if (!pluginData.has(name)) throw new Error(`no plugin data for ${name}`);
  return pluginData.get(name);
}

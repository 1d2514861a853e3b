// Stand-in for Docusaurus's translate(): the site's code.json of the locale being rendered is `codeTranslations`
// (tests set it); without an entry, the message in the call, as Docusaurus does.
export const codeTranslations = new Map<string, string>();

export function translate({ id, message }: { id?: string; message: string }): string {
  return (id === undefined ? undefined : codeTranslations.get(id)) ?? message;
}

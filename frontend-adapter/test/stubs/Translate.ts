// Stand-in for Docusaurus's translate(): the site's code.json of the locale being rendered is `codeTranslations`
// (tests set it); without an entry, the message in the call, as Docusaurus does. Each call is kept in `calls`.
export const codeTranslations = new Map<string, string>();
export const calls: { id?: string; message: string }[] = [];

export function translate(param: { id?: string; message: string }): string {
  calls.push(param);
  return (param.id === undefined ? undefined : codeTranslations.get(param.id)) ?? param.message;
}

/** Only a path of this site becomes a link: the API's answers are data, never trusted markup or URLs. */
export function isSitePath(path: unknown): path is string {
  return typeof path === "string" && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\");
}

/** The signed-in reader: the ID token's standard claims and the realm's background claims. */
export const EXPERIENCE_LEVELS = ["beginner", "intermediate", "advanced"] as const;
export type ExperienceLevel = (typeof EXPERIENCE_LEVELS)[number];

export const PROFESSIONAL_ROLES = [
  "student",
  "software-engineer",
  "hardware-engineer",
  "researcher",
  "educator",
  "hobbyist",
  "other",
] as const;
export type ProfessionalRole = (typeof PROFESSIONAL_ROLES)[number];

export interface DocsUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
  experience_level?: ExperienceLevel;
  professional_role?: ProfessionalRole;
  /** Only set when `professional_role` is `other`. */
  role_other?: string;
  organization?: string;
}

function stringClaim(claims: Record<string, unknown>, key: string): string | undefined {
  const value = claims[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/**
 * Narrows raw claims to a `DocsUser`. Values outside the contract's sets are dropped rather than passed on,
 * so that the site never branches on a value it does not know.
 */
export function toDocsUser(claims: Record<string, unknown>): DocsUser {
  const sub = stringClaim(claims, "sub");
  if (sub === undefined) throw new TypeError("ID token claims have no sub");
  const user: DocsUser = { sub };
  const email = stringClaim(claims, "email");
  if (email !== undefined) user.email = email;
  if (typeof claims.email_verified === "boolean") user.email_verified = claims.email_verified;
  const name = stringClaim(claims, "name");
  if (name !== undefined) user.name = name;
  const username = stringClaim(claims, "preferred_username");
  if (username !== undefined) user.preferred_username = username;
  const level = oneOf(EXPERIENCE_LEVELS, stringClaim(claims, "experience_level"));
  if (level !== undefined) user.experience_level = level;
  const role = oneOf(PROFESSIONAL_ROLES, stringClaim(claims, "professional_role"));
  if (role !== undefined) user.professional_role = role;
  const roleOther = stringClaim(claims, "role_other");
  if (roleOther !== undefined && role === "other") user.role_other = roleOther;
  const organization = stringClaim(claims, "organization");
  if (organization !== undefined) user.organization = organization;
  return user;
}

/** What the navbar shows: the name, else the email, else the username. */
export function displayName(user: DocsUser): string {
  return user.name ?? user.email ?? user.preferred_username ?? user.sub;
}

/** What the navbar shows: the email (the account the reader signed up with), else `displayName`. */
export function accountLabel(user: DocsUser): string {
  return user.email ?? displayName(user);
}

/** The navbar label's tooltip: the name and the email when both are known, else the label. */
export function accountTitle(user: DocsUser): string {
  return user.name !== undefined && user.email !== undefined ? `${user.name} (${user.email})` : accountLabel(user);
}

/** The reader of an oidc-client-ts session: its ID token claims. */
export function userOf(session: { readonly profile: object }): DocsUser {
  return toDocsUser(session.profile as Record<string, unknown>);
}

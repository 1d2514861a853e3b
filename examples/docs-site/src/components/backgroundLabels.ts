import { translate } from "@docusaurus/Translate";
import type { ExperienceLevel, ProfessionalRole } from "docs-auth-react";

// Typed by the adapter's sets, so a level or role added there without a label here fails the site's build. In the
// site's language (Docusaurus's translate(), ids background.*).
export const LEVELS: Record<ExperienceLevel, string> = {
  beginner: translate({ id: "background.level.beginner", message: "Beginner" }),
  intermediate: translate({ id: "background.level.intermediate", message: "Intermediate" }),
  advanced: translate({ id: "background.level.advanced", message: "Advanced" }),
};
export const ROLES: Record<ProfessionalRole, string> = {
  student: translate({ id: "background.role.student", message: "Student" }),
  "software-engineer": translate({ id: "background.role.software-engineer", message: "Software engineer" }),
  "hardware-engineer": translate({ id: "background.role.hardware-engineer", message: "Hardware engineer" }),
  researcher: translate({ id: "background.role.researcher", message: "Researcher" }),
  educator: translate({ id: "background.role.educator", message: "Educator" }),
  hobbyist: translate({ id: "background.role.hobbyist", message: "Hobbyist" }),
  other: translate({ id: "background.role.other", message: "Other" }),
};

/** The label of a stored value, or the value itself when it is outside the sets (an older value), or a dash. */
export function labelOf<K extends string>(labels: Record<K, string>, value: string | undefined): string {
  if (value === undefined) return "—";
  return (labels as Record<string, string>)[value] ?? value;
}

import { ProtectedContent, useAuth, type ExperienceLevel, type ProfessionalRole } from "docs-auth-react";

// Typed by the adapter's sets, so a level or role added there without a label here fails the site's build.
const LEVELS: Record<ExperienceLevel, string> = { beginner: "Beginner", intermediate: "Intermediate", advanced: "Advanced" };
const ROLES: Record<ProfessionalRole, string> = {
  student: "Student",
  "software-engineer": "Software engineer",
  "hardware-engineer": "Hardware engineer",
  researcher: "Researcher",
  educator: "Educator",
  hobbyist: "Hobbyist",
  other: "Other",
};

function Details() {
  const { user, editBackground } = useAuth();
  if (user === null) return null;
  const role = user.professional_role === undefined ? "—" : ROLES[user.professional_role];
  return (
    <div className="margin-bottom--lg">
      <table>
        <tbody>
          <tr>
            <th scope="row">Experience level</th>
            <td data-testid="experience-level">{user.experience_level === undefined ? "—" : LEVELS[user.experience_level]}</td>
          </tr>
          <tr>
            <th scope="row">Professional role</th>
            <td data-testid="professional-role">
              {role}
              {user.role_other !== undefined && ` (${user.role_other})`}
            </td>
          </tr>
          <tr>
            <th scope="row">Organization</th>
            <td>{user.organization ?? "—"}</td>
          </tr>
        </tbody>
      </table>
      <button type="button" className="button button--secondary" onClick={() => void editBackground()}>
        Edit your background
      </button>
    </div>
  );
}

/** The reader's background as the ID token has it, and the way to change it on Keycloak's profile page. */
export default function YourBackground() {
  return (
    <ProtectedContent fallback={<p>Sign in to see the background the docs use to shape their answers.</p>}>
      <Details />
    </ProtectedContent>
  );
}

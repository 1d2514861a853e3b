import { ProtectedContent, useAuth } from "docs-auth-react";
import { LEVELS, ROLES } from "./backgroundLabels";
import styles from "./YourBackground.module.css";

function Details() {
  const { user, editBackground, changeEmail } = useAuth();
  if (user === null) return null;
  const role = user.professional_role === undefined ? "—" : ROLES[user.professional_role];
  return (
    <div className="margin-bottom--lg">
      <table>
        <tbody>
          <tr>
            <th scope="row">E-mail address</th>
            <td data-testid="email">
              {user.email ?? "—"}
              {user.email_verified !== undefined && ` (${user.email_verified ? "verified" : "not verified yet"})`}
            </td>
          </tr>
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
      <div className={styles.actions}>
        <button type="button" className="button button--secondary" onClick={() => void editBackground()}>
          Edit your background
        </button>
        {/* UPDATE_EMAIL: the new address replaces the old one once the link mailed to it is opened. */}
        <button type="button" className="button button--secondary" onClick={() => void changeEmail()}>
          Change e-mail address
        </button>
      </div>
    </div>
  );
}

/**
 * The reader's account as the ID token has it (e-mail address, background), and the ways to change it on
 * Keycloak's pages: the profile form, the new-address form.
 */
export default function YourBackground() {
  return (
    <ProtectedContent fallback={<p>Sign in to see the background the docs use to shape their answers.</p>}>
      <Details />
    </ProtectedContent>
  );
}

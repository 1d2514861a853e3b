import Translate from "@docusaurus/Translate";
import { ProtectedContent, useAuth } from "docs-auth-react";
import { LEVELS, ROLES, labelOf } from "./backgroundLabels";
import { InSiteLanguage } from "./InSiteLanguage";
import styles from "./YourBackground.module.css";

function Details() {
  const { user, editBackground, changeEmail } = useAuth();
  if (user === null) return null;
  return (
    <div className="margin-bottom--lg">
      <table className={styles.details} data-testid="background-details">
        <tbody>
          <tr>
            <th scope="row">
              <Translate id="background.email">E-mail address</Translate>
            </th>
            <td data-testid="email">
              {/* An address reads left to right, on a right-to-left page too. */}
              <bdi>{user.email ?? "—"}</bdi>
              {user.email_verified !== undefined && " "}
              {user.email_verified === true && <Translate id="background.email.verified">(verified)</Translate>}
              {user.email_verified === false && <Translate id="background.email.notVerified">(not verified yet)</Translate>}
            </td>
          </tr>
          <tr>
            <th scope="row">
              <Translate id="account.background.level">Experience level</Translate>
            </th>
            <td data-testid="experience-level">{labelOf(LEVELS, user.experience_level)}</td>
          </tr>
          <tr>
            <th scope="row">
              <Translate id="account.background.role">Professional role</Translate>
            </th>
            <td data-testid="professional-role">
              {labelOf(ROLES, user.professional_role)}
              {user.role_other !== undefined && (
                <>
                  {" ("}
                  <bdi>{user.role_other}</bdi>
                  {")"}
                </>
              )}
            </td>
          </tr>
          <tr>
            <th scope="row">
              <Translate id="account.background.organization">Organization</Translate>
            </th>
            <td>
              <bdi>{user.organization ?? "—"}</bdi>
            </td>
          </tr>
        </tbody>
      </table>
      <div className={styles.actions}>
        <button type="button" className="button button--secondary" onClick={() => void editBackground()}>
          <Translate id="account.background.edit">Edit your background</Translate>
        </button>
        {/* UPDATE_EMAIL: the new address replaces the old one once the link mailed to it is opened. */}
        <button type="button" className="button button--secondary" onClick={() => void changeEmail()}>
          <Translate id="background.changeEmail">Change e-mail address</Translate>
        </button>
      </div>
    </div>
  );
}

/**
 * The reader's account as the ID token has it (e-mail address, background), and the ways to change it on
 * Keycloak's pages: the profile form, the new-address form. In the site's language, inside an article that may not
 * be translated yet.
 */
export default function YourBackground() {
  return (
    <InSiteLanguage>
      <ProtectedContent
        fallback={
          <p>
            <Translate id="background.signIn">Sign in to see the background the docs use to shape their answers.</Translate>
          </p>
        }
      >
        <Details />
      </ProtectedContent>
    </InSiteLanguage>
  );
}

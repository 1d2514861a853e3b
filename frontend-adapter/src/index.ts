export { AuthProvider, type AuthProviderProps } from "./AuthProvider.js";
export { useAuth, useAuthFetch } from "./useAuth.js";
export type { AuthContextValue, SignInOptions } from "./AuthContext.js";
export { createAuthFetch, type AuthFetch, type TokenSource } from "./authFetch.js";
export { issuerOf, type AuthConfig } from "./config.js";
export { AuthError, describeAuthError, type AuthErrorKind } from "./errors.js";
export {
  AuthMessagesProvider,
  DEFAULT_MESSAGES,
  useAuthMessages,
  type AuthMessageId,
  type AuthMessages,
  type AuthMessagesProviderProps,
} from "./messages.js";
export {
  AccountApiError,
  accountApiUrl,
  attributeOf,
  chatbotExportUrl,
  CONSENT_ATTRIBUTE,
  consentOf,
  DATA_EXPORT_FORMAT,
  dataExportFileName,
  DataExportError,
  downloadJson,
  fetchDataExport,
  joinDataExport,
  keycloakExportUrl,
  readAccount,
  writeConsent,
  type AccountRepresentation,
  type DataExport,
  type DataExportFetches,
} from "./dataRights.js";
export { DEFAULT_RETRY_AFTER_SECONDS, QuotaExceededError, rejectOverQuota, retryAfterSeconds } from "./quota.js";
export {
  accountLabel,
  accountTitle,
  displayName,
  EXPERIENCE_LEVELS,
  PROFESSIONAL_ROLES,
  type DocsUser,
  type ExperienceLevel,
  type ProfessionalRole,
} from "./reader.js";
export type { AuthState, AuthStatus } from "./reducer.js";
export { AuthButton, type AuthButtonProps } from "./components/AuthButton.js";
export { ProtectedContent, type ProtectedContentProps } from "./components/ProtectedContent.js";
export { SignInPrompt, type SignInPromptProps } from "./components/SignInPrompt.js";
export { AuthErrorNotice } from "./components/AuthErrorNotice.js";
export { EmailVerificationNotice } from "./components/EmailVerificationNotice.js";
export { AuthCallback } from "./components/AuthCallback.js";
export { createUserManager, userManagerSettings, type SessionUser, type UserManagerLike, type UserManagerFactory } from "./userManager.js";
export {
  ACCOUNT_SCOPE,
  accountManagerSettings,
  createAccountManager,
  createAccountTokens,
  MemoryDPoPStore,
  useAccountFetch,
  type AccountManagerFactory,
} from "./accountToken.js";

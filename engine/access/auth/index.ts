// Door of engine/access/auth: transport-free sign-in primitives (passwords, login throttling, sessions).
export {
  ARGON2_PARAMS,
  MAX_PASSWORD_LENGTH,
  hashPassword,
  verifyPasswordHash,
  verifyDummyPassword,
  normalisePassword,
} from './password-hash.ts';
export {
  MIN_PASSWORD_LENGTH,
  MIN_CHARACTER_CLASSES,
  checkPasswordPolicy,
  type PasswordProblem,
  type PasswordRule,
} from './password-policy.ts';
export {
  PASSWORD_HISTORY_SIZE,
  setPassword,
  verifyPassword,
  hasPassword,
  removeCredential,
  type SetPasswordOptions,
} from './passwords.ts';
export { normaliseUsername, accountThrottleKey, ipThrottleKey } from './throttle-keys.ts';
export {
  DEFAULT_THROTTLE,
  checkThrottle,
  recordFailure,
  recordSuccess,
  resetThrottle,
  type ThrottleLimit,
  type ThrottleSettings,
  type SignInAttempt,
  type ThrottleDecision,
  type FailureOutcome,
} from './login-throttle.ts';
export {
  DEFAULT_SESSION_LIFETIME_SECONDS,
  LAST_SEEN_RESOLUTION_SECONDS,
  createSession,
  lookupSession,
  revokeSession,
  revokeUserSessions,
  hashToken,
  type CreateSessionOptions,
  type NewSession,
  type LiveSession,
} from './sessions.ts';
export { pruneAuthRecords, type PruneAuthOptions } from './prune-auth-records.ts';

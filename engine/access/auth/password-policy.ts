// The password policy: every problem with a new password at once, each with a zh-CN and an English message.
import type { Locale } from '../../core/index.ts';
import { isOversizedPassword, MAX_PASSWORD_LENGTH, normalisePassword } from './password-hash.ts';

export const MIN_PASSWORD_LENGTH = 10;
/** Of lower-case letters, upper-case letters, digits and everything else (symbols, spaces, CJK …). */
export const MIN_CHARACTER_CLASSES = 3;
// Shorter usernames ("li", "王") would forbid too many ordinary passwords for little gain.
const MIN_USERNAME_TO_CHECK = 3;

export type PasswordRule = 'min_length' | 'max_length' | 'character_classes' | 'contains_username';

export interface PasswordProblem {
  rule: PasswordRule;
  message: Record<Locale, string>;
}

const MESSAGES: Record<PasswordRule, Record<Locale, string>> = {
  min_length: {
    'zh-CN': `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`,
    en: `must be at least ${MIN_PASSWORD_LENGTH} characters long`,
  },
  max_length: {
    'zh-CN': `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符`,
    en: `must be at most ${MAX_PASSWORD_LENGTH} characters long`,
  },
  character_classes: {
    'zh-CN': `密码需包含小写字母、大写字母、数字、其他符号中的至少 ${MIN_CHARACTER_CLASSES} 类`,
    en: `must contain at least ${MIN_CHARACTER_CLASSES} of: lower-case letters, upper-case letters, digits, other characters`,
  },
  contains_username: {
    'zh-CN': '密码不能包含用户名',
    en: 'must not contain the username',
  },
};

const CLASSES = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

export function passwordProblem(rule: PasswordRule): PasswordProblem {
  return { rule, message: MESSAGES[rule] };
}

/** An empty list means the password is acceptable. Lengths count code points after NFKC normalisation. */
export function checkPasswordPolicy(password: string, options: { username: string }): PasswordProblem[] {
  // Far beyond the limit: say so without looking further into what may be megabytes of input.
  if (password.length > MAX_PASSWORD_LENGTH * 4) return [passwordProblem('max_length')];
  const normalised = normalisePassword(password);
  const problems: PasswordProblem[] = [];
  if ([...normalised].length < MIN_PASSWORD_LENGTH) problems.push(passwordProblem('min_length'));
  // The same test verification uses, so every password that can be set can also be signed in with.
  if (isOversizedPassword(password)) problems.push(passwordProblem('max_length'));
  if (CLASSES.filter((c) => c.test(normalised)).length < MIN_CHARACTER_CLASSES) {
    problems.push(passwordProblem('character_classes'));
  }
  const username = normalisePassword(options.username).trim().toLowerCase();
  if ([...username].length >= MIN_USERNAME_TO_CHECK && normalised.toLowerCase().includes(username)) {
    problems.push(passwordProblem('contains_username'));
  }
  return problems;
}

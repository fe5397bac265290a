import assert from 'node:assert/strict';
import { checkPasswordPolicy, type PasswordRule } from '../../../engine/access/auth/index.ts';

const rules = (password: string, username = 'zhangwei') => checkPasswordPolicy(password, { username }).map((p) => p.rule);

describe('access/auth/password-policy', () => {
  it('accepts a long password with three character classes that does not contain the username', () => {
    assert.deepEqual(rules('tractor-lathe-7'), []);
    assert.deepEqual(rules('Machine Tool 2024'), []);
    assert.deepEqual(rules('数控机床Lathe2024'), []);
  });

  it('refuses fewer than 10 characters, counting code points', () => {
    assert.deepEqual(rules('Ab1!Ab1!A'), ['min_length']);
    assert.deepEqual(rules('Ab1!Ab1!Ab'), []);
    assert.deepEqual(rules('机床Ab1机床Ab1'), []);
  });

  it('refuses more than 128 characters, so the hashing input stays bounded', () => {
    assert.deepEqual(rules('Ab1-'.repeat(32)), []);
    assert.deepEqual(rules('Ab1-'.repeat(32) + 'x'), ['max_length']);
    assert.deepEqual(rules('Ab1-'.repeat(10_000)), ['max_length']);
  });

  it('refuses fewer than 3 of 4 character classes', () => {
    assert.deepEqual(rules('alllowercase'), ['character_classes']);
    assert.deepEqual(rules('lowercase123'), ['character_classes']);
    assert.deepEqual(rules('lowercaseUPPER'), ['character_classes']);
    assert.deepEqual(rules('lower-case-only'), ['character_classes']);
    assert.deepEqual(rules('lowercase12!'), []);
    assert.deepEqual(rules('UPPERCASE12!'), []);
  });

  it('refuses a password containing the username, ignoring case and surrounding spaces', () => {
    assert.deepEqual(rules('My-ZhangWei-2024', ' ZhangWei '), ['contains_username']);
    assert.deepEqual(rules('My-Zhang-2024', 'zhangwei'), []);
    // Very short usernames are not checked: "li" would forbid too many passwords.
    assert.deepEqual(rules('Reliable-2024', 'li'), []);
  });

  it('lists every problem at once, each with a zh-CN and an English message', () => {
    const problems = checkPasswordPolicy('wei', { username: 'wei' });
    assert.deepEqual(problems.map((p) => p.rule), ['min_length', 'character_classes', 'contains_username'] satisfies PasswordRule[]);
    const tooLong = checkPasswordPolicy('a'.repeat(129), { username: 'wei' });
    const all = [...problems, ...tooLong];
    const byRule = Object.fromEntries(all.map((p) => [p.rule, p.message]));
    assert.deepEqual(byRule.min_length, { 'zh-CN': '密码至少需要 10 个字符', en: 'must be at least 10 characters long' });
    assert.deepEqual(byRule.max_length, { 'zh-CN': '密码不能超过 128 个字符', en: 'must be at most 128 characters long' });
    assert.match(byRule.character_classes!['zh-CN'], /小写字母、大写字母、数字、其他符号中的至少 3 类/);
    assert.match(byRule.character_classes!.en, /at least 3 of/);
    assert.deepEqual(byRule.contains_username, { 'zh-CN': '密码不能包含用户名', en: 'must not contain the username' });
  });
});

// Shape checks for user administration input, with field paths for the UI.
import type { Grant } from '../auth/actor';
import { assertStrongPassword, MAX_PASSWORD_LENGTH } from '../auth/password-strength';
import { isRole } from '../auth/permissions';
import { isGeoCode } from '../geo/geo-codes';
import { Problem } from '../core/problems';

export interface NewUserInput {
  username: string;
  password?: string | null;
  displayName: string;
  locale?: string | null;
  grants: Grant[];
  mustChangePassword?: boolean | null;
}

export interface UserPatch {
  displayName?: string;
  locale?: string;
  grants?: Grant[];
}

function bad(path: string, en: string, km: string): Problem {
  return new Problem('BAD_INPUT', { errors: [{ path, keyword: 'format', message: { en, km } }] });
}

/** Every password a person chooses: at most 200 characters (BAD_INPUT), and not weak (PASSWORD_TOO_WEAK). */
export function checkPassword(password: string, path: string, userInputs: readonly string[]): void {
  if (password.length > MAX_PASSWORD_LENGTH) throw bad(path, 'Use at most 200 characters.', 'សូមប្រើមិនលើសពី ២០០ តួអក្សរ។');
  assertStrongPassword(password, path, userInputs);
}

export function checkGrants(grants: Grant[]): void {
  if (grants.length === 0) throw bad('grants', 'Give at least one role.', 'សូមផ្តល់យ៉ាងហោចណាស់តួនាទីមួយ។');
  grants.forEach((g, i) => {
    if (!isRole(g.role)) throw bad(`grants.${i}.role`, `Unknown role "${g.role}".`, `មិនស្គាល់តួនាទី "${g.role}"។`);
    if (g.geoCode !== '' && !isGeoCode(g.geoCode)) throw bad(`grants.${i}.scope`, 'Scope is a 2, 4, 6 or 8 digit code, or empty for the whole country.', 'វិសាលភាពគឺជាកូដ ២ ៤ ៦ ឬ ៨ ខ្ទង់ ឬទទេសម្រាប់ទូទាំងប្រទេស។');
  });
}

export function checkNewUser(input: NewUserInput): void {
  if (!/^[a-zA-Z0-9._-]{3,40}$/.test(input.username)) throw bad('username', 'Use 3 to 40 letters, digits, dots, dashes or underscores.', 'សូមប្រើអក្សរ លេខ ចំណុច ឬសញ្ញា - _ ចំនួន ៣ ដល់ ៤០។');
  if (input.displayName.trim().length < 1 || input.displayName.length > 100) throw bad('displayName', 'Give a name of up to 100 characters.', 'សូមបញ្ចូលឈ្មោះមិនលើស ១០០ តួអក្សរ។');
  if (input.locale && !['km', 'en'].includes(input.locale)) throw bad('locale', 'Use km or en.', 'សូមប្រើ km ឬ en។');
  if (input.password) checkPassword(input.password, 'password', [input.username, input.displayName]);
  checkGrants(input.grants);
}

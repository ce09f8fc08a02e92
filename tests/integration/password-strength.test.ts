// Weak passwords are refused on every path that sets one (change password, an administrator's initial
// password, a configured ADMIN_PASSWORD at first start) with PASSWORD_TOO_WEAK, the reason and Khmer
// and English texts at the field's path.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { ConfigError, loadConfig } from '../../server/config';
import { createTestApp, login, type TestApp } from '../helpers/app';
import { closeSharedPglite, createTestDatabase, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

const CREATE = 'mutation($i: CreateUserInput!) { createUser(input: $i) { username } }';
const CHANGE = 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
const STRONG = 'kampot-pepper-field-7';

describe.each(engines)('password strength on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const newUser = (username: string, password: string, displayName = 'Sokha Chan') =>
    t.gql(CREATE, { i: { username, displayName, password, mustChangePassword: false, grants: [{ role: 'viewer', scope: '' }] } });

  it('refuses common, short and personal passwords when an administrator sets one', async () => {
    const common = await newUser('sokha', 'password-123');
    expect(common.status).toBe(200);
    const error = common.errors?.[0]?.extensions as any;
    expect(error.code).toBe('PASSWORD_TOO_WEAK');
    expect(error.messageKm).toBe('សូមជ្រើសរើសពាក្យសម្ងាត់ដែលពិបាកទាយជាងនេះ។');
    expect(error.errors).toEqual([
      {
        path: 'password',
        keyword: 'common',
        message: {
          en: 'This is a commonly used password. Use a longer password, for example three or four unrelated words.',
          km: 'នេះជាពាក្យសម្ងាត់ដែលគេប្រើញឹកញាប់។ សូមប្រើពាក្យសម្ងាត់វែងជាងនេះ ឧទាហរណ៍ ពាក្យបី ឬបួនដែលមិនទាក់ទងគ្នា។',
        },
      },
    ]);
    const reason = async (username: string, password: string, displayName?: string) => {
      const res = await newUser(username, password, displayName);
      return `${res.errors?.[0]?.extensions.code} ${res.errors?.[0]?.extensions.errors?.[0]?.keyword}`;
    };
    expect(await reason('sokha', 'short-pw')).toBe('PASSWORD_TOO_WEAK tooShort');
    expect(await reason('sokha', 'qwertyuiop')).toBe('PASSWORD_TOO_WEAK common');
    expect(await reason('sokha', 'aaaaaaaaaaaa')).toBe('PASSWORD_TOO_WEAK repeated');
    expect(await reason('sokha', 'abcdefghijkl')).toBe('PASSWORD_TOO_WEAK sequence');
    expect(await reason('chanthou.keo', 'chanthoukeo1', 'Chanthou Keo')).toBe('PASSWORD_TOO_WEAK personal');
    expect(await reason('sokha', 'x'.repeat(201))).toBe('BAD_INPUT format');
    expect((await t.gql('{ users(search: "sokha") { username } }')).data.users).toEqual([]);

    expect((await newUser('sokha', STRONG)).errors).toBeUndefined();
    expect(await login(t.app, 'sokha', STRONG)).toBeTruthy();
  });

  it('refuses a weak new password in changePassword and keeps the old one', async () => {
    expect((await newUser('dara', STRONG, 'Dara')).errors).toBeUndefined();
    const token = await login(t.app, 'dara', STRONG);
    for (const [weak, keyword] of [['password-123', 'common'], ['dara12345', 'tooShort'], ['1234567890', 'common']] as const) {
      const res = await t.gql(CHANGE, { c: STRONG, n: weak }, token);
      expect(res.errors?.[0]?.extensions.code).toBe('PASSWORD_TOO_WEAK');
      expect(res.errors?.[0]?.extensions.errors?.[0]).toMatchObject({ path: 'newPassword', keyword });
    }
    expect(await login(t.app, 'dara', STRONG)).toBeTruthy();
    expect((await t.gql(CHANGE, { c: STRONG, n: 'tonle-sap-fishing-boats' }, token)).data.changePassword).toBe(true);
  });

  it('refuses a weak ADMIN_PASSWORD at first start, and ignores it once the admin exists', async () => {
    const weak = loadConfig({ ADMIN_PASSWORD: 'password1234', NODE_ENV: 'test' });
    // t's database already has its admin: a weak setting is not used there and does not stop the start.
    const again = await buildApp(weak, { database: { db: t.services.db, engine, close: async () => undefined }, logger: false, web: false, indicatorRefresh: false });
    expect(again.seeded.adminCreated).toBe(false);
    await again.app.close();

    // (Created after, as the PGlite test databases share one search_path.)
    const fresh = await createTestDatabase(engine);
    const failed = buildApp(weak, { database: { ...fresh, close: async () => undefined }, logger: false, web: false, indicatorRefresh: false });
    await expect(failed).rejects.toThrow(ConfigError);
    await expect(failed).rejects.toThrow(/ADMIN_PASSWORD is too weak: This is a commonly used password/);
    expect(await fresh.db.selectFrom('app_user').select('username').execute()).toEqual([]);
    await fresh.close();
  });
});

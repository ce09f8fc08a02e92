// `npm run gen:permissions`: writes docs/permissions.md from the enforced permission table.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderPermissionsDoc } from '../auth/permissions-doc';

const target = fileURLToPath(new URL('../../docs/permissions.md', import.meta.url));
writeFileSync(target, renderPermissionsDoc());
console.log('Wrote docs/permissions.md');

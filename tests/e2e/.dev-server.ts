import { startTestServer } from '../helpers/server';
const s = await startTestServer();
console.log('URL', s.url, s.adminPassword);
setInterval(() => {}, 1 << 30);

import { migrate } from '../migrate.js';
import { openFromEnv } from './open.js';

const db = await openFromEnv();
try {
  const applied = await migrate(db, (line) => console.log(line));
  console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
} finally {
  await db.close();
}

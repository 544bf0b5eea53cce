/**
 * `seedDemo(app)`: the emulator's `--seed` runs this on an empty store with a real node-sdk app
 * pointed at it. Each module writes its part and hands a context to the next.
 */
import { seedActivities } from './activities';
import { seedAttendance } from './attendance';
import { seedMembers, type SeedContext } from './members';
import { seedProjects } from './projects';
import { seedReminders } from './reminders';

type App = Parameters<typeof seedMembers>[0];

export async function seedDemo(app: App): Promise<SeedContext> {
  const ctx = await seedMembers(app);
  await seedAttendance(app, ctx);
  await seedReminders(app, ctx);
  await seedActivities(app, ctx);
  await seedProjects(app, ctx);
  return ctx;
}

export type { SeedContext };

/**
 * The app's hooks into the local cloud (`--seed` loads this module): `seedDemo(app, local)` runs on
 * an empty store with a real node-sdk app pointed at it (each module writes its part and hands a
 * context to the next; last, the attendance `summaries` timer builds the admin overview's
 * summaries); `identities(app, env)` answers `GET /__identities` for the H5 login screen.
 */
import { seedActivities } from './activities';
import { seedAttendance } from './attendance';
import { demoIdentities } from './identities';
import { seedMembers, type SeedContext } from './members';
import { seedProjects } from './projects';
import { seedReminders } from './reminders';
import { seedSummaries } from './summaries';
import { seedVolunteer } from './volunteer';

type App = Parameters<typeof seedMembers>[0];

export async function seedDemo(app: App, local?: { url: string }): Promise<SeedContext> {
  const ctx = await seedMembers(app);
  await seedAttendance(app, ctx);
  await seedReminders(app, ctx);
  await seedActivities(app, ctx);
  await seedProjects(app, ctx);
  await seedVolunteer(app, ctx);
  // the admin overview's summaries of what was just written (the timer's first runs, now)
  if (local) await seedSummaries(local.url);
  return ctx;
}

/** `GET /__identities`: the demo identities (scripts/seed/identities.ts). */
export const identities = demoIdentities;

export type { SeedContext };

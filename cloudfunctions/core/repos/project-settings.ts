import { collection, firstDoc } from './db';

/** Per-branch project settings (`project_settings`, `_id` = branch id). Absent = the defaults. */
export interface ProjectSettingsDoc {
  _id: string;
  claimLimit?: number;
  idleLimitDays?: number;
  updatedBy: string;
  updatedAt: number;
}

export async function getProjectSettings(branchId: string): Promise<ProjectSettingsDoc | null> {
  return firstDoc<ProjectSettingsDoc>((await collection('project_settings').doc(branchId).get()).data);
}

export async function putProjectSettings(doc: ProjectSettingsDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await collection('project_settings').doc(_id).set(rest);
}

import { collection } from './db';

/** Per-branch project settings (`project_settings`, `_id` = branch id). Absent = the defaults. */
export interface ProjectSettingsDoc {
  _id: string;
  claimLimit?: number;
  idleLimitDays?: number;
  updatedBy: string;
  updatedAt: number;
}

function one<T>(data: unknown): T | null {
  const d = Array.isArray(data) ? data[0] : data;
  return (d as T | undefined) ?? null;
}

export async function getProjectSettings(branchId: string): Promise<ProjectSettingsDoc | null> {
  return one<ProjectSettingsDoc>((await collection('project_settings').doc(branchId).get()).data);
}

export async function putProjectSettings(doc: ProjectSettingsDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await collection('project_settings').doc(_id).set(rest);
}

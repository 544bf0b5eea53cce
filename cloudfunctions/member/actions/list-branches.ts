import type { TListBranchesOutput } from '../../../types/member';
import { listBranches as listBranchRecords } from '../../core/repos/branches';

/** Every branch, for the binding form's picker (public within the mini-program: names only). */
export async function listBranches(): Promise<TListBranchesOutput> {
  const branches = await listBranchRecords();
  return branches.map((b) => {
    const row: TListBranchesOutput[number] = { id: b.id, name: b.name, college: b.college };
    if (b.kind) row.kind = b.kind;
    if (b.linkedUnit) row.linkedUnit = b.linkedUnit;
    return row;
  });
}

import * as P from '../../types/project';
import { action, defineFunction } from '../core/router';
import {
  activeMemberOrAdmin,
  claimer,
  manageClaim,
  manageProject,
  manageTask,
  mayClaim,
  reviewClaimResult,
  seeClaim,
  seeProject,
} from './actions/access';
import { claim, photoTicket, progress, release, reviewClaim, reviewResult, submit } from './actions/claims';
import { exportProjects } from './actions/export';
import { idle } from './actions/idle';
import { activate, addTask, close, createProject, settings, updateTask } from './actions/projects';
import {
  getClaimDetail,
  getProjectBoard,
  history,
  listProjects,
  myTasks,
  overview,
  queue,
} from './actions/views';

/**
 * project (CONTRACT.md "project"; issue 15): action projects (行动项目) and task claiming (设岗定责).
 * Rules: core/domain/project; who may do what: actions/access.ts; flow and every code: docs/projects.md.
 */
const STAFF = ['secretary', 'admin'] as const;

export const { main, definition } = defineFunction({
  name: 'project',
  actions: {
    create: action({
      input: P.ZCreateProjectInput,
      policy: { roles: STAFF, branchFrom: (p) => p.branchId },
      handler: createProject,
    }),
    addTask: action({ input: P.ZAddTaskInput, policy: manageProject, handler: addTask }),
    updateTask: action({ input: P.ZUpdateTaskInput, policy: manageTask, handler: updateTask }),
    activate: action({ input: P.ZProjectTransitionInput, policy: manageProject, handler: activate }),
    close: action({ input: P.ZProjectTransitionInput, policy: manageProject, handler: close }),
    list: action({ input: P.ZListProjectsInput, policy: activeMemberOrAdmin, handler: listProjects }),
    get: action({ input: P.ZGetProjectInput, policy: seeProject, handler: getProjectBoard }),
    claim: action({ input: P.ZClaimInput, policy: mayClaim, handler: claim }),
    reviewClaim: action({ input: P.ZReviewClaimInput, policy: manageClaim, handler: reviewClaim }),
    release: action({ input: P.ZReleaseInput, policy: claimer, handler: release }),
    progress: action({ input: P.ZProgressInput, policy: claimer, handler: progress }),
    submit: action({ input: P.ZSubmitInput, policy: claimer, handler: submit }),
    reviewResult: action({ input: P.ZReviewResultInput, policy: reviewClaimResult, handler: reviewResult }),
    photoTicket: action({ input: P.ZPhotoTicketInput, policy: claimer, handler: photoTicket }),
    myTasks: action({ input: P.ZMyTasksInput, policy: activeMemberOrAdmin, handler: myTasks }),
    getClaim: action({ input: P.ZGetClaimInput, policy: seeClaim, handler: getClaimDetail }),
    history: action({ input: P.ZHistoryInput, policy: seeClaim, handler: history }),
    queue: action({ input: P.ZProjectQueueInput, policy: activeMemberOrAdmin, handler: queue }),
    overview: action({ input: P.ZOverviewInput, policy: { roles: STAFF }, handler: overview }),
    export: action({
      input: P.ZProjectExportInput,
      policy: { roles: STAFF, branchFrom: (p, caller) => p.branchId ?? caller.branchId },
      handler: exportProjects,
    }),
    settings: action({
      input: P.ZSettingsInput,
      policy: { roles: STAFF, branchFrom: (p) => p.branchId },
      handler: settings,
    }),
  },
  timers: { idle },
});

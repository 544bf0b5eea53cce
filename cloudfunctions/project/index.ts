import * as P from '../../types/project';
import { defineFunction } from '../core/router';
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
    create: {
      input: P.ZCreateProjectInput,
      policy: { roles: STAFF, branchFrom: (p) => p.branchId },
      handler: createProject,
    },
    addTask: { input: P.ZAddTaskInput, policy: manageProject, handler: addTask },
    updateTask: { input: P.ZUpdateTaskInput, policy: manageTask, handler: updateTask },
    activate: { input: P.ZProjectTransitionInput, policy: manageProject, handler: activate },
    close: { input: P.ZProjectTransitionInput, policy: manageProject, handler: close },
    list: { input: P.ZListProjectsInput, policy: activeMemberOrAdmin, handler: listProjects },
    get: { input: P.ZGetProjectInput, policy: seeProject, handler: getProjectBoard },
    claim: { input: P.ZClaimInput, policy: mayClaim, handler: claim },
    reviewClaim: { input: P.ZReviewClaimInput, policy: manageClaim, handler: reviewClaim },
    release: { input: P.ZReleaseInput, policy: claimer, handler: release },
    progress: { input: P.ZProgressInput, policy: claimer, handler: progress },
    submit: { input: P.ZSubmitInput, policy: claimer, handler: submit },
    reviewResult: { input: P.ZReviewResultInput, policy: reviewClaimResult, handler: reviewResult },
    photoTicket: { input: P.ZPhotoTicketInput, policy: claimer, handler: photoTicket },
    myTasks: { input: P.ZMyTasksInput, policy: activeMemberOrAdmin, handler: myTasks },
    getClaim: { input: P.ZGetClaimInput, policy: seeClaim, handler: getClaimDetail },
    history: { input: P.ZHistoryInput, policy: seeClaim, handler: history },
    queue: { input: P.ZProjectQueueInput, policy: activeMemberOrAdmin, handler: queue },
    overview: { input: P.ZOverviewInput, policy: { roles: STAFF }, handler: overview },
    export: {
      input: P.ZProjectExportInput,
      policy: { roles: STAFF, branchFrom: (p, caller) => p.branchId ?? caller.branchId },
      handler: exportProjects,
    },
    settings: {
      input: P.ZSettingsInput,
      policy: { roles: STAFF, branchFrom: (p) => p.branchId },
      handler: settings,
    },
  },
  timers: { idle },
});

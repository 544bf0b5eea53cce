import type { z } from 'zod';
import * as A from './activity';
import * as T from './attendance';
import * as C from './checkin';
import * as M from './member';
import * as P from './project';
import * as R from './reminder';
import * as V from './volunteer';

/**
 * The whole API as one typed map: function → action → input schema. The server routes and
 * validates with these schemas; the client (`import type { Api }`) gets inputs and outputs by
 * inference, so the two sides cannot drift.
 */
export const API_SCHEMAS = {
  member: {
    me: M.ZMeInput,
    listBranches: M.ZListBranchesInput,
    createBranch: M.ZCreateBranchInput,
    updateBranch: M.ZUpdateBranchInput,
    importRoster: M.ZImportRosterInput,
    bind: M.ZBindInput,
    reviewBinding: M.ZReviewBindingInput,
    bindingRequests: M.ZBindingRequestsInput,
    listMembers: M.ZListMembersInput,
    setRoles: M.ZSetRolesInput,
    myData: M.ZMyDataInput,
    unbind: M.ZUnbindInput,
    requestDeletion: M.ZRequestDeletionInput,
    completeDeletion: M.ZCompleteDeletionInput,
  },
  activity: {
    createSite: A.ZCreateSiteInput,
    updateSite: A.ZUpdateSiteInput,
    listSites: A.ZListSitesInput,
    siteCode: A.ZSiteCodeInput,
    create: A.ZCreateActivityInput,
    update: A.ZUpdateActivityInput,
    get: A.ZGetActivityInput,
    listMine: A.ZListMineInput,
    listBranch: A.ZListBranchInput,
    displayCode: A.ZDisplayCodeInput,
    cancel: A.ZCancelActivityInput,
  },
  checkin: {
    checkIn: C.ZCheckInInput,
    checkOut: C.ZCheckOutInput,
    myRecords: C.ZMyRecordsInput,
  },
  attendance: {
    queue: T.ZQueueInput,
    review: T.ZReviewInput,
    requestLeave: T.ZRequestLeaveInput,
    requestMakeup: T.ZRequestMakeupInput,
    myRequests: T.ZMyRequestsInput,
    withdrawRequest: T.ZWithdrawRequestInput,
    manualAdd: T.ZManualAddInput,
    undo: T.ZUndoInput,
    roster: T.ZRosterInput,
    getMinutes: T.ZGetMinutesInput,
    saveMinutes: T.ZSaveMinutesInput,
    delegate: T.ZDelegateInput,
    revokeDelegation: T.ZRevokeDelegationInput,
    listDelegations: T.ZListDelegationsInput,
    stats: T.ZStatsInput,
    export: T.ZExportInput,
    audit: T.ZAuditInput,
  },
  reminder: {
    subscribe: R.ZSubscribeInput,
    credits: R.ZCreditsInput,
    unreachable: R.ZUnreachableInput,
    audience: R.ZAudienceInput,
    nudge: R.ZNudgeInput,
    templates: R.ZTemplatesInput,
  },
  volunteer: {
    createTeam: V.ZCreateTeamInput,
    updateTeamRules: V.ZUpdateTeamRulesInput,
    setLeaders: V.ZSetLeadersInput,
    listTeams: V.ZListTeamsInput,
    join: V.ZJoinInput,
    addMember: V.ZAddMemberInput,
    reviewJoin: V.ZReviewJoinInput,
    teamMembers: V.ZTeamMembersInput,
    createEvent: V.ZCreateEventInput,
    listEvents: V.ZListEventsInput,
    signUp: V.ZSignUpInput,
    cancelSignUp: V.ZCancelSignUpInput,
    eventSignups: V.ZEventSignupsInput,
    mySignups: V.ZMySignupsInput,
    hoursQueue: V.ZHoursQueueInput,
    confirmHours: V.ZConfirmHoursInput,
    addHours: V.ZAddHoursInput,
    correctHours: V.ZCorrectHoursInput,
    uploadEvidence: V.ZUploadEvidenceInput,
    report: V.ZReportInput,
    myHours: V.ZMyHoursInput,
    issueCertificate: V.ZIssueCertificateInput,
    myCertificates: V.ZMyCertificatesInput,
    verifyCertificate: V.ZVerifyCertificateInput,
    stats: V.ZTeamStatsInput,
    export: V.ZVolunteerExportInput,
  },
  project: {
    create: P.ZCreateProjectInput,
    addTask: P.ZAddTaskInput,
    updateTask: P.ZUpdateTaskInput,
    activate: P.ZProjectTransitionInput,
    close: P.ZProjectTransitionInput,
    list: P.ZListProjectsInput,
    get: P.ZGetProjectInput,
    claim: P.ZClaimInput,
    reviewClaim: P.ZReviewClaimInput,
    release: P.ZReleaseInput,
    progress: P.ZProgressInput,
    submit: P.ZSubmitInput,
    reviewResult: P.ZReviewResultInput,
    photoTicket: P.ZPhotoTicketInput,
    myTasks: P.ZMyTasksInput,
    getClaim: P.ZGetClaimInput,
    history: P.ZHistoryInput,
    queue: P.ZProjectQueueInput,
    overview: P.ZOverviewInput,
    export: P.ZProjectExportInput,
    settings: P.ZSettingsInput,
  },
} as const;

/** What each action answers inside `{ ok: true, data }`. */
export interface ApiOutputs {
  member: {
    me: M.TMeOutput;
    listBranches: M.TListBranchesOutput;
    createBranch: M.TCreateBranchOutput;
    updateBranch: M.TUpdateBranchOutput;
    importRoster: M.TImportRosterOutput;
    bind: M.TBindOutput;
    reviewBinding: M.TReviewBindingOutput;
    bindingRequests: M.TBindingRequestsOutput;
    listMembers: M.TListMembersOutput;
    setRoles: M.TSetRolesOutput;
    myData: M.TMyDataOutput;
    unbind: M.TUnbindOutput;
    requestDeletion: M.TRequestDeletionOutput;
    completeDeletion: M.TCompleteDeletionOutput;
  };
  activity: {
    createSite: A.TCreateSiteOutput;
    updateSite: A.TUpdateSiteOutput;
    listSites: A.TListSitesOutput;
    siteCode: A.TSiteCodeOutput;
    create: A.TCreateActivityOutput;
    update: A.TUpdateActivityOutput;
    get: A.TGetActivityOutput;
    listMine: A.TListMineOutput;
    listBranch: A.TListBranchOutput;
    displayCode: A.TDisplayCodeOutput;
    cancel: A.TCancelActivityOutput;
  };
  checkin: {
    checkIn: C.TCheckInOutput;
    checkOut: C.TCheckOutOutput;
    myRecords: C.TMyRecordsOutput;
  };
  attendance: {
    queue: T.TQueueOutput;
    review: T.TReviewOutput;
    requestLeave: T.TRequestLeaveOutput;
    requestMakeup: T.TRequestMakeupOutput;
    myRequests: T.TMyRequestsOutput;
    withdrawRequest: T.TWithdrawRequestOutput;
    manualAdd: T.TManualAddOutput;
    undo: T.TUndoOutput;
    roster: T.TRosterOutput;
    getMinutes: T.TGetMinutesOutput;
    saveMinutes: T.TSaveMinutesOutput;
    delegate: T.TDelegateOutput;
    revokeDelegation: T.TRevokeDelegationOutput;
    listDelegations: T.TListDelegationsOutput;
    stats: T.TStatsOutput;
    export: T.TExportOutput;
    audit: T.TAuditOutput;
  };
  reminder: {
    subscribe: R.TSubscribeOutput;
    credits: R.TCreditsOutput;
    unreachable: R.TUnreachableOutput;
    audience: R.TAudienceOutput;
    nudge: R.TNudgeOutput;
    templates: R.TTemplatesOutput;
  };
  volunteer: {
    createTeam: V.TCreateTeamOutput;
    updateTeamRules: V.TUpdateTeamRulesOutput;
    setLeaders: V.TSetLeadersOutput;
    listTeams: V.TListTeamsOutput;
    join: V.TJoinOutput;
    addMember: V.TAddMemberOutput;
    reviewJoin: V.TReviewJoinOutput;
    teamMembers: V.TTeamMembersOutput;
    createEvent: V.TCreateEventOutput;
    listEvents: V.TListEventsOutput;
    signUp: V.TSignUpOutput;
    cancelSignUp: V.TCancelSignUpOutput;
    eventSignups: V.TEventSignupsOutput;
    mySignups: V.TMySignupsOutput;
    hoursQueue: V.THoursQueueOutput;
    confirmHours: V.TConfirmHoursOutput;
    addHours: V.TAddHoursOutput;
    correctHours: V.TCorrectHoursOutput;
    uploadEvidence: V.TUploadEvidenceOutput;
    report: V.TReportOutput;
    myHours: V.TMyHoursOutput;
    issueCertificate: V.TIssueCertificateOutput;
    myCertificates: V.TMyCertificatesOutput;
    verifyCertificate: V.TVerifyCertificateOutput;
    stats: V.TTeamStatsOutput;
    export: V.TVolunteerExportOutput;
  };
  project: {
    create: P.TCreateProjectOutput;
    addTask: P.TAddTaskOutput;
    updateTask: P.TUpdateTaskOutput;
    activate: P.TProjectTransitionOutput;
    close: P.TProjectTransitionOutput;
    list: P.TListProjectsOutput;
    get: P.TGetProjectOutput;
    claim: P.TClaimOutput;
    reviewClaim: P.TReviewClaimOutput;
    release: P.TReleaseOutput;
    progress: P.TProgressOutput;
    submit: P.TSubmitOutput;
    reviewResult: P.TReviewResultOutput;
    photoTicket: P.TPhotoTicketOutput;
    myTasks: P.TMyTasksOutput;
    getClaim: P.TGetClaimOutput;
    history: P.THistoryOutput;
    queue: P.TProjectQueueOutput;
    overview: P.TOverviewOutput;
    export: P.TProjectExportOutput;
    settings: P.TSettingsOutput;
  };
}

export type ApiSchemas = typeof API_SCHEMAS;
export type FunctionName = keyof ApiSchemas & keyof ApiOutputs;
export type ActionName<F extends FunctionName> = keyof ApiSchemas[F] & keyof ApiOutputs[F] & string;

/**
 * `Api[fn][action]`:
 * - `input`: what a caller may send (`z.input`: instants as epoch ms or ISO strings),
 * - `parsed`: what the handler receives after validation (`z.output`: instants as epoch ms),
 * - `output`: the `data` of a successful answer.
 */
export type Api = {
  [F in FunctionName]: {
    [K in ActionName<F>]: {
      input: ApiSchemas[F][K] extends z.ZodType ? z.input<ApiSchemas[F][K]> : never;
      parsed: ApiSchemas[F][K] extends z.ZodType ? z.output<ApiSchemas[F][K]> : never;
      output: ApiOutputs[F][K];
    };
  };
};

export type ApiInput<F extends FunctionName, K extends ActionName<F>> = Api[F][K]['input'];
export type ApiOutput<F extends FunctionName, K extends ActionName<F>> = Api[F][K]['output'];

/** Timer triggers per function (names as in each function's config.json), with their answers. */
export interface ApiTimers {
  reminder: { dispatch: R.TDispatchOutput };
  project: { idle: P.TIdleTimerOutput };
}

export const FUNCTION_NAMES = Object.keys(API_SCHEMAS) as FunctionName[];

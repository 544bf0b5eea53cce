import * as V from '../../types/volunteer';
import { action, defineFunction } from '../core/router';
import { anyLedTeam, eventTeamGrant, hoursTeamGrant, teamGrant } from '../core/repos/read/team-grant';
import { createEvent, cancelSignUp, eventSignups, listEvents, mySignups, signUp } from './actions/events';
import { addHours, confirmHours, correctHours, hoursQueue } from './actions/hours';
import { issueCertificate, myCertificates, verifyCertificate } from './actions/certificates';
import { exportHours } from './actions/export';
import { myHours } from './actions/my-hours';
import { report, uploadEvidence } from './actions/report';
import { teamStats } from './actions/stats';
import {
  addMember,
  createTeam,
  join,
  listTeamsFor,
  reviewJoin,
  setLeaders,
  teamMembers,
  updateTeamRules,
} from './actions/teams';

const admin = ['admin'] as const;
const leaderOfTeam = { teamLeader: true as const, teamFrom: (p: { teamId: string }) => teamGrant(p.teamId) };
const leaderOfEvent = {
  teamLeader: true as const,
  teamFrom: (p: { activityId: string }) => eventTeamGrant(p.activityId),
};

/**
 * volunteer (先锋领航; contract: types/volunteer.ts; flow: docs/volunteer.md). Teams with an hours-rules profile and
 * leaders; events that are activities of type `volunteer` owned by a team; sign-up with exact
 * capacity; the hours ledger and the leader's queue; certificates anyone can verify; statistics
 * and export. Flow, rules and every code: docs/volunteer.md.
 */
export const { main, definition } = defineFunction({
  name: 'volunteer',
  actions: {
    createTeam: action({ input: V.ZCreateTeamInput, policy: { roles: admin }, handler: createTeam }),
    updateTeamRules: action({
      input: V.ZUpdateTeamRulesInput,
      policy: { roles: admin },
      handler: updateTeamRules,
    }),
    setLeaders: action({ input: V.ZSetLeadersInput, policy: { roles: admin }, handler: setLeaders }),
    listTeams: action({
      input: V.ZListTeamsInput,
      policy: { member: true },
      handler: listTeamsFor,
    }),
    join: action({ input: V.ZJoinInput, policy: { member: true }, handler: join }),
    addMember: action({ input: V.ZAddMemberInput, policy: leaderOfTeam, handler: addMember }),
    reviewJoin: action({ input: V.ZReviewJoinInput, policy: leaderOfTeam, handler: reviewJoin }),
    teamMembers: action({ input: V.ZTeamMembersInput, policy: leaderOfTeam, handler: teamMembers }),
    createEvent: action({ input: V.ZCreateEventInput, policy: leaderOfTeam, handler: createEvent }),
    listEvents: action({ input: V.ZListEventsInput, policy: { member: true }, handler: listEvents }),
    // Membership of the event's team is the rule's business (NOT_TEAM_MEMBER), not the policy's.
    signUp: action({ input: V.ZSignUpInput, policy: { member: true }, handler: signUp }),
    cancelSignUp: action({ input: V.ZCancelSignUpInput, policy: { member: true }, handler: cancelSignUp }),
    eventSignups: action({
      input: V.ZEventSignupsInput,
      policy: leaderOfEvent,
      handler: (input) => eventSignups(input),
    }),
    mySignups: action({
      input: V.ZMySignupsInput,
      policy: { member: true },
      handler: (_i, ctx) => mySignups(ctx),
    }),
    hoursQueue: action({ input: V.ZHoursQueueInput, policy: leaderOfTeam, handler: hoursQueue }),
    // Items may belong to several teams: each is checked against its own team (others answer FORBIDDEN).
    confirmHours: action({
      input: V.ZConfirmHoursInput,
      policy: { teamLeader: true, teamFrom: (_p, caller) => anyLedTeam(caller) },
      handler: confirmHours,
    }),
    addHours: action({ input: V.ZAddHoursInput, policy: leaderOfEvent, handler: addHours }),
    correctHours: action({
      input: V.ZCorrectHoursInput,
      policy: { teamLeader: true, teamFrom: (p) => hoursTeamGrant(p.recordId) },
      handler: correctHours,
    }),
    uploadEvidence: action({
      input: V.ZUploadEvidenceInput,
      policy: { member: true },
      handler: uploadEvidence,
    }),
    report: action({ input: V.ZReportInput, policy: { member: true }, handler: report }),
    myHours: action({ input: V.ZMyHoursInput, policy: { member: true }, handler: myHours }),
    issueCertificate: action({
      input: V.ZIssueCertificateInput,
      // A member for themself; a leader of the team for a member of it.
      policy: {
        teamLeader: true,
        teamFrom: (p) => teamGrant(p.teamId),
        alsoAllow: ({ caller, payload }) => !payload.memberId || payload.memberId === caller.member?.id,
      },
      handler: issueCertificate,
    }),
    myCertificates: action({
      input: V.ZMyCertificatesInput,
      policy: { member: true },
      handler: (_i, ctx) => myCertificates(ctx),
    }),
    // Any WeChat user holding the number and code, bound or not: answers a masked name only.
    verifyCertificate: action({
      input: V.ZVerifyCertificateInput,
      policy: { anyone: true },
      handler: verifyCertificate,
    }),
    stats: action({ input: V.ZTeamStatsInput, policy: leaderOfTeam, handler: teamStats }),
    export: action({ input: V.ZVolunteerExportInput, policy: leaderOfTeam, handler: exportHours }),
  },
});

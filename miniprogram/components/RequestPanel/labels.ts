import type { QueueKind, RequestStatus } from '@contract/attendance';
import type { CheckinFlag, CheckinStatus } from '@contract/checkin';
import type { BadgeTone } from '../ListItem';

/** Chinese labels for attendance, shared by the member panel and the secretary pages. */
export const KIND_LABELS: Record<QueueKind, string> = { checkin: '签到', leave: '请假', makeup: '补签' };

export const REQUEST_STATUS_LABELS: Record<RequestStatus, { text: string; tone: BadgeTone }> = {
  pending: { text: '待审核', tone: 'warning' },
  approved: { text: '已通过', tone: 'success' },
  rejected: { text: '未通过', tone: 'danger' },
  revoked: { text: '已撤销', tone: 'default' },
};

export const CHECKIN_STATUS_LABELS: Record<CheckinStatus | 'revoked', { text: string; tone: BadgeTone }> = {
  approved: { text: '已通过', tone: 'success' },
  pending: { text: '待审核', tone: 'warning' },
  rejected: { text: '未通过', tone: 'danger' },
  revoked: { text: '已撤销', tone: 'default' },
};

export const FLAG_LABELS: Record<CheckinFlag, string> = {
  outside_fence: '不在签到范围',
  low_accuracy: '定位精度低',
  device_shared: '同一设备多人签到',
  same_coordinates: '与他人坐标相同',
  too_fast: '扫码过快',
  offline_late: '离线补传过晚',
};

export const METHOD_LABELS: Record<string, string> = {
  rotating: '现场扫码',
  site: '场所码',
  manual: '补录',
  makeup: '补签',
};

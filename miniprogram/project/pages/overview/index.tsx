import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Card, Loaded, StateView } from '@/components';
import { writeUserFile } from '@/services/device';
import { callApi, errorText } from '@/services/api';
import { hasRole } from '@/stores/session';
import { go, ROUTES } from '@/utils/nav';
import { useSession } from '@/hooks/useSession';
import { Result, useLoad } from '../../lib/common';
import '../../lib/project.scss';

/** The party committee's view: every branch side by side; and the 责任清单 export. */
export default function ProjectOverviewPage() {
  const session = useSession();
  const staff = hasRole(session, 'secretary') || hasRole(session, 'admin');
  const [load, reload] = useLoad(staff ? () => callApi('project', 'overview', {}) : null, [staff]);
  const [exporting, setExporting] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string; url?: string } | null>(null);

  const exportIt = async () => {
    setExporting(true);
    setMsg(null);
    try {
      const r = await callApi('project', 'export', {});
      // The workbook comes in the answer (never stored, no URL: README "Release").
      setMsg({
        ok: true,
        text: `责任清单已生成，共 ${r.rows} 行`,
        url: `data:${r.contentType};base64,${r.contentBase64}`,
      });
      if (process.env.TARO_ENV !== 'h5') {
        const filePath = await writeUserFile(r.fileName, r.contentBase64);
        await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
      }
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    } finally {
      setExporting(false);
    }
  };

  if (session.loaded && !staff)
    return (
      <View className="page">
        <StateView state="empty" text="项目概览与责任清单由支部书记和党委组织部查看" />
      </View>
    );
  return (
    <View className="page prj-overview">
      <Button block loading={exporting} disabled={exporting} onClick={() => void exportIt()}>
        {exporting ? '正在生成责任清单…' : '导出责任清单（Excel）'}
      </Button>
      <Result msg={msg} />
      {msg?.url && process.env.TARO_ENV === 'h5' ? (
        <Button
          block
          type="plain"
          onClick={() => {
            const a = document.createElement('a');
            a.href = msg.url as string;
            a.download = '责任清单.xlsx';
            a.click();
          }}
        >
          下载责任清单.xlsx
        </Button>
      ) : null}
      <Card title="各支部行动项目">
        <Loaded load={load} onRetry={reload} loadingText="正在统计…" emptyText="还没有支部">
          {(rows) => (
            <View className="prj-table">
              <View className="prj-table__row">
                <Text className="prj-table__name">支部</Text>
                <Text className="prj-table__num">项目</Text>
                <Text className="prj-table__num">完成/任务</Text>
                <Text className="prj-table__num">逾期</Text>
                <Text className="prj-table__num">无进展</Text>
                <Text className="prj-table__num">完成率</Text>
              </View>
              {rows.map((r) => (
                <View
                  key={r.branchId}
                  className="prj-table__row"
                  role="button"
                  onClick={() => go(`${ROUTES.projectList}?branchId=${r.branchId}`)}
                >
                  <Text className="prj-table__name">{r.branchName}</Text>
                  <Text className="prj-table__num">{r.projects}</Text>
                  <Text className="prj-table__num">
                    {r.done}/{r.tasks}
                  </Text>
                  <Text className="prj-table__num">{r.overdue}</Text>
                  <Text className="prj-table__num">{r.silentClaims}</Text>
                  <Text className="prj-table__num">
                    {r.tasks ? `${Math.round(r.completionRate * 100)}%` : '—'}
                  </Text>
                </View>
              ))}
            </View>
          )}
        </Loaded>
      </Card>
    </View>
  );
}

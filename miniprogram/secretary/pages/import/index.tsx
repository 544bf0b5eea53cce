import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import type { ApiInput } from '@contract/api';
import type { TImportRosterOutput } from '@contract/member';
import { Button, Card, FormError, ListItem, PrivacySheet, StateView, TextAreaField } from '@/components';
import { useAction } from '@/hooks/useAction';
import { callApi, errorText, isApiError } from '@/services/api';
import { ROSTER_ROW_ERROR_LABELS } from '@/utils/labels';
import { formatSize, pickSpreadsheet, type PickedSheet } from '@/services/files';
import { countCsvRows } from '@/utils/member';
import { go, ROUTES } from '@/utils/nav';
import { useBranchScope } from '../../lib/scope';
import './index.scss';

type Source = { kind: 'paste' } | ({ kind: 'file' } & PickedSheet);

type Run =
  | { state: 'idle' }
  | { state: 'running'; rows: number | null; startedAt: number }
  | { state: 'done'; result: TImportRosterOutput; ms: number }
  | { state: 'error'; message: string };

const EXAMPLE = '姓名,工号,手机\n张三,2015001,13800001111\n李四,2016023,';

/**
 * Roster import: paste CSV text or pick a .csv/.xlsx file; the server parses it, imports the good
 * rows (idempotent by 工号/学号) and answers a per-row report, shown here.
 * Files are picked (and in the weapp uploaded) by services/files.ts.
 */
export default function ImportPage() {
  const scope = useBranchScope();
  const { branchId, branch } = scope;
  const [text, setText] = useState('');
  const [source, setSource] = useState<Source>({ kind: 'paste' });
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const picker = useAction();

  if (scope.gate) return <View className="page">{scope.gate}</View>;

  const pasteRows = countCsvRows(text);

  const pick = async () => {
    if (!branchId) return;
    await picker.run(
      async () => {
        const picked = await pickSpreadsheet(`roster/${branchId}`);
        if (picked) {
          setSource({ kind: 'file', ...picked });
          setRun({ state: 'idle' });
        }
      },
      { failToast: true, fail: (e) => (isApiError(e) ? undefined : '读取文件失败') },
    );
  };

  const start = async () => {
    if (!branchId) return;
    let payload: ApiInput<'member', 'importRoster'>;
    if (source.kind === 'file') payload = { branchId, ...source.payload };
    else if (text.trim()) payload = { branchId, csv: text };
    else {
      setRun({ state: 'error', message: '请粘贴花名册内容或选择文件' });
      return;
    }
    const startedAt = Date.now();
    setRun({ state: 'running', rows: source.kind === 'paste' ? pasteRows : null, startedAt });
    try {
      const result = await callApi('member', 'importRoster', payload);
      setRun({ state: 'done', result, ms: Date.now() - startedAt });
    } catch (e) {
      const field = isApiError(e) ? e.details?.fields?.[0]?.message : undefined;
      setRun({ state: 'error', message: field ? `${errorText(e)}（${field}）` : errorText(e) });
    }
  };

  const running = run.state === 'running';

  return (
    <View className="page import">
      <PrivacySheet purpose="导入花名册需要读取你从聊天中选择的文件（仅上传给本支部导入，导入后即删除）。" />
      {scope.picker}
      {branch ? <Text className="section-title">导入到：{branch.name}</Text> : null}
      {!branchId ? <StateView state="empty" text="请选择支部" /> : null}
      {branchId ? (
        <Card title="花名册">
          <Text className="muted import__hint">
            每行一人：姓名、工号/学号、手机号（可空）。第一行可以是表头（姓名,工号,手机，顺序不限）。按工号/学号去重，重复导入只会更新姓名和手机号。
          </Text>
          {source.kind === 'file' ? (
            <View className="import__file">
              <View className="import__file-main">
                <Text className="import__file-name">{source.name}</Text>
                <Text className="muted import__file-size">{formatSize(source.size)}</Text>
              </View>
              <Button
                size="small"
                type="plain"
                disabled={running}
                onClick={() => setSource({ kind: 'paste' })}
              >
                改为粘贴
              </Button>
            </View>
          ) : (
            <>
              <TextAreaField
                label="粘贴花名册"
                value={text}
                maxlength={-1}
                placeholder={EXAMPLE}
                disabled={running}
                hint={pasteRows ? `共 ${pasteRows} 行` : '可从 Excel 复制后粘贴到这里'}
                onChange={setText}
              />
            </>
          )}
          <View className="form__actions">
            <Button type="secondary" loading={picker.busy} disabled={running} onClick={() => void pick()}>
              选择文件
            </Button>
            <Button loading={running} onClick={() => void start()}>
              {running ? '正在导入…' : '开始导入'}
            </Button>
          </View>
        </Card>
      ) : null}

      {run.state === 'running' ? (
        <Card>
          <View className="import__progress" aria-busy="true">
            <View className="import__bar">
              <View className="import__bar-fill" />
            </View>
            <Text className="muted">
              {run.rows ? `正在导入 ${run.rows} 行，请勿离开此页…` : '正在上传并导入文件，请勿离开此页…'}
            </Text>
          </View>
        </Card>
      ) : null}
      <FormError message={run.state === 'error' ? run.message : null} />
      {run.state === 'done' ? <Report result={run.result} ms={run.ms} branchId={branchId} /> : null}
    </View>
  );
}

function Report({
  result,
  ms,
  branchId,
}: {
  result: TImportRosterOutput;
  ms: number;
  branchId: string | null;
}) {
  const stats: [string, number, string][] = [
    ['新增', result.created, 'ok'],
    ['更新', result.updated, 'ok'],
    ['未变化', result.unchanged ?? 0, 'plain'],
    ['有误', result.errors.length, result.errors.length ? 'bad' : 'plain'],
  ];
  return (
    <Card title="导入结果" extra={<Text className="muted import__ms">{(ms / 1000).toFixed(1)} 秒</Text>}>
      <View className="import__stats">
        {stats.map(([label, n, tone]) => (
          <View key={label} className={`import__stat import__stat--${tone}`}>
            <Text className="import__stat-n">{n}</Text>
            <Text className="import__stat-label">{label}</Text>
          </View>
        ))}
      </View>
      {result.errors.length ? (
        <>
          <Text className="muted import__hint">以下行未导入（行号不含表头），其余行已导入：</Text>
          {result.errors.slice(0, 200).map((e) => (
            <ListItem
              key={`${e.row}-${e.code}`}
              title={`第 ${e.row + 1} 行`}
              extra={<Text className="import__err">{ROSTER_ROW_ERROR_LABELS[e.code]}</Text>}
              arrow={false}
            />
          ))}
          {result.errors.length > 200 ? (
            <Text className="muted">… 另有 {result.errors.length - 200} 行</Text>
          ) : null}
        </>
      ) : (
        <Text className="import__all-ok">
          全部 {result.total ?? result.created + result.updated} 行已处理。
        </Text>
      )}
      {branchId ? (
        <View className="form__actions">
          <Button type="secondary" onClick={() => go(`${ROUTES.secretaryMembers}?branchId=${branchId}`)}>
            查看支部成员
          </Button>
        </View>
      ) : null}
    </Card>
  );
}

import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TInlineFile } from '@contract/attendance';
import { useAction } from '@/hooks/useAction';
import { download, openWorkbook } from '@/services/files';
import Button, { type ButtonProps } from '../Button';
import './index.scss';

export interface ExportButtonProps<F extends TInlineFile> {
  /** the button (导出 Excel) */
  text: string;
  /** asks the function for the workbook */
  run: () => Promise<F>;
  /** the line once it is there (default 表格已生成) */
  doneText?: (file: F) => string;
  /** H5: the downloaded file's name (default: the name the function gave it) */
  saveAs?: string;
  type?: ButtonProps['type'];
}

/**
 * The one export flow: 正在生成表格… while the function builds the workbook, then the weapp opens it
 * in WeChat's document viewer and H5 offers 下载<name> (a browser download must come from a tap);
 * a refusal is said under the button. Import it from '@/components/ExportButton' (subpackages only).
 */
export default function ExportButton<F extends TInlineFile>({
  text,
  run,
  doneText = () => '表格已生成',
  saveAs,
  type = 'primary',
}: ExportButtonProps<F>) {
  const action = useAction();
  const [done, setDone] = useState<{ text: string; url: string | null; name: string } | null>(null);

  const start = () => {
    setDone(null);
    return action.run(
      async (step) => {
        const file = await run();
        step('正在打开…');
        const url = await openWorkbook(file);
        setDone({ text: doneText(file), url, name: saveAs ?? file.fileName });
      },
      { progress: '正在生成表格…' },
    );
  };
  const error = action.msg?.text;

  return (
    <View className="export">
      <Button block type={type} loading={action.busy} onClick={() => void start()}>
        {action.progress ?? text}
      </Button>
      {done ? (
        <View className="export__done" role="status">
          <Text className="export__ok">{done.text}</Text>
          {done.url ? (
            <Button type="plain" onClick={() => download(done.url!, done.name)}>
              下载{done.name}
            </Button>
          ) : null}
        </View>
      ) : null}
      {error ? <Text className="form__error export__error">{error}</Text> : null}
    </View>
  );
}

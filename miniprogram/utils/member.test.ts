import { branchLabel, countCsvRows } from './member';

describe('member page helpers', () => {
  it('counts pasted CSV data rows, without a header naming 姓名/工号 and without blank lines', () => {
    expect(countCsvRows('')).toBe(0);
    expect(countCsvRows('姓名,工号\n张三,2015001\n\n李四,2016002\n')).toBe(2);
    expect(countCsvRows('张三,2015001\r\n李四,2016002')).toBe(2);
    expect(countCsvRows('name,staffNo,phone\nx,1,')).toBe(1);
  });

  it('labels a branch with its college', () => {
    expect(branchLabel({ name: '急诊科党支部', college: '附属第一医院' })).toBe(
      '急诊科党支部（附属第一医院）',
    );
    expect(branchLabel({ name: '急诊科党支部', college: '' })).toBe('急诊科党支部');
  });
});

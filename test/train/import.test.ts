import { describe, expect, it } from 'vitest';
import { importCsvText } from '../../src/train/import.ts';
import { detectFormat } from '../../src/train/import-formats.ts';
import { parseCsv } from '../../src/train/csv.ts';

const KAMEI = `transactionid,commitdate,ns,nm,nf,entropy,la,ld,lt,fix,ndev,pd,npt,exp,rexp,sexp,bug
3,2001/12/12 17:41,1,1,3,0.579380164,0.093619972,0,480.6666667,1,14,596,0.666666667,143,133.5,129,1
7,1999/10/12 12:57,1,1,1,0,0,0,0,1,1,0,1,140,140,137,0
`;

describe('csv', () => {
  it('handles quotes, escaped quotes and CRLF', () => {
    const t = parseCsv('a,b\r\n"x,1","say ""hi"""\r\n');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([['x,1', 'say "hi"']]);
  });
  it('refuses a quote that never closes instead of swallowing the rest of the file', () => {
    expect(() => parseCsv('a,b\r\n1,2\r\n"3,4\r\n5,6\r\n', 'q.csv')).toThrow(
      'q.csv: the quoted field opened on line 3 never closes',
    );
    expect(parseCsv('a,b\n"multi\nline",2\n3,4\n').rows).toEqual([
      ['multi\nline', '2'],
      ['3', '4'],
    ]);
  });
});

describe('importCsvText', () => {
  it('detects Kamei 2013 and undoes its per-lt / per-file normalisation', () => {
    const ds = importCsvText(KAMEI, { source: 'k.csv' });
    expect(ds.format).toBe('kamei');
    const r = ds.rows[0]!;
    // lt is per file (480.67 × 3 files), la was divided by lt: 0.0936 × 1442 = 135 lines.
    expect(r.features.lt).toBe(1442);
    expect(r.features.la).toBe(135);
    expect(r.features.ld).toBe(0);
    expect(r.features.nuc).toBe(2);
    expect(r.features.nd).toBe(1);
    expect(r.features.age).toBe(596);
    expect(r.label).toBe(1);
    expect(r.time).toBe(Date.UTC(2001, 11, 12, 17, 41));
    // Features the dataset lacks are missing, never 0.
    expect(r.features.testsFailed).toBeNull();
    expect(r.features.churnSource).toBeNull();
    // lt = 0 loses the raw line counts: missing, not 0.
    expect(ds.rows[1]!.features.la).toBeNull();
    expect(ds.ignoredColumns).toEqual(['transactionid']);
  });

  it('maps ApacheJIT booleans and epoch seconds', () => {
    const csv = `commit_id,project,buggy,fix,year,author_date,la,ld,nf,nd,ns,ent,ndev,age,nuc,aexp,arexp,asexp
abc,apache/x,True,False,2017,1488367395,1439,87,80,4,1,5.7,0.3,50.6,4.2,223,178.8,21.0
`;
    const ds = importCsvText(csv, { source: 'a.csv' });
    expect(ds.format).toBe('apachejit');
    // `project` names the row's repository: commits are ranked within it (repo-percentiles.ts).
    expect(ds.rows[0]).toMatchObject({ label: 1, time: 1488367395000, group: 'apache/x' });
    expect(ds.rows[0]!.features).toMatchObject({ la: 1439, fix: 0, entropy: 5.7, exp: 223, lt: null });
    expect(ds.ignoredColumns.sort()).toEqual(['commit_id', 'year']);
    expect(ds.mapped.project).toBe('(repository)');
  });

  it('maps CI builds and lists label-like rate columns as ignored', () => {
    const header =
      'build_failed,gh_is_pr,git_prev_commit_resolution_status,gh_team_size,git_num_all_built_commits,gh_num_commit_comments,git_diff_src_churn,git_diff_test_churn,gh_diff_files_added,gh_diff_files_deleted,gh_diff_files_modified,gh_diff_tests_added,gh_diff_tests_deleted,gh_diff_src_files,gh_diff_doc_files,gh_diff_other_files,gh_num_commits_on_files_touched,gh_sloc,gh_test_lines_per_kloc,gh_test_cases_per_kloc,gh_asserts_cases_per_kloc,gh_by_core_team_member,year_of_start,month_of_start,day_of_start,hour_of_start,elapsed_days_last_build,same_committer,proj_fail_rate_history,proj_fail_rate_recent,comm_fail_rate_history,comm_fail_rate_recent,comm_avg_experience,totalNumberOfRevisions,no_config_edited,num_files_edited,num_distinct_authors,prev_build_result,day_week';
    // 2014-01-01 was a Wednesday: day_week 4 (1 = Sunday) → Monday-based day 2 → hour 48 + 5.
    const row =
      '0,0,1,42,1,1,280,3,1,4,10,2,0,15,0,0,127,170794,163.5,7.8,15.8,1,2014,1,1,5,-1,1,0,0.2,0,0,2,14,0,14,1,1,4';
    const ds = importCsvText(`${header}\n${row}\n`, { source: 'ci.csv' });
    expect(ds.format).toBe('travis');
    expect(ds.rows[0]!.features).toMatchObject({
      churnSource: 280,
      churnTests: 3,
      filesAdded: 1,
      filesDeleted: 4,
      nuc: 127,
      commits: 1,
      authors: 1,
      prevDeployOutcome: 'failed',
      recentFailureRate: 0.2,
      minutesSinceLastDeploy: null,
      hourOfWeek: 53,
      testsAdded: 2,
      la: null,
      testsFailed: null,
    });
    expect(ds.rows[0]!.time).toBe(Date.UTC(2014, 0, 1, 5));
    expect(ds.rows[0]!.features).toMatchObject({ authorRecentFailureRate: 0, historicalFailureRate: 0 });
    expect(ds.ignoredColumns).toContain('comm_fail_rate_history');
    expect(ds.ignoredColumns).toContain('gh_sloc');
    expect(ds.ignoredColumns).not.toContain('build_failed');
    // A build without its start hour has no time (at midnight, failureStreak of builds that started
    // before it could read its result): with other rows timed, the file is refused.
    const noHour = row.replace(',2014,1,1,5,', ',2014,1,1,,');
    expect(() => importCsvText(`${header}\n${row}\n${noHour}\n`, { source: 'ci.csv' })).toThrow(
      /1 of 2 labelled rows have no readable time in "year_of_start, month_of_start, day_of_start, hour_of_start"/,
    );
  });

  it('refuses an unknown layout unless --format is given, and honours --label/--time', () => {
    expect(() => importCsvText('x,y\n1,2\n', { source: 'u.csv' })).toThrow(/unknown CSV layout/);
    // Schema columns without a label column: say which column is missing, not "unknown layout".
    expect(() => importCsvText('la,ld,nf\n1,2,3\n', { source: 'n.csv' })).toThrow(
      /n\.csv: no label column: the native layout needs "failed"/,
    );
    expect(() => importCsvText('', { source: 'e.csv' })).toThrow(/e\.csv: empty CSV/);
    // A Kamei file short of a column still has its label: that is an unknown layout.
    expect(() => importCsvText('la,ld,nf,bug\n1,2,3,1\n', { source: 'k.csv' })).toThrow(/unknown CSV layout/);
    const ds = importCsvText('la,ld,broken,when,leak\n10,2,1,5,1\n3,0,0,2,0\n', {
      source: 'n.csv',
      format: 'native',
      label: 'broken',
      time: 'when',
    });
    expect(ds.rows.map((r) => [r.label, r.time, r.features.la])).toEqual([
      [1, 5, 10],
      [0, 2, 3],
    ]);
    // A column copying the label is listed, never used.
    expect(ds.ignoredColumns).toEqual(['leak']);
    expect(detectFormat(['la', 'failed'])).toBe('native');
  });

  it('refuses a file where some rows have no readable time (the split would fall back to file order)', () => {
    const bad = KAMEI.replace('1999/10/12 12:57', 'yesterday');
    expect(() => importCsvText(bad, { source: 'k.csv' })).toThrow(
      /k\.csv: 1 of 2 labelled rows have no readable time in "commitdate" \(the first is labelled row 2\)/,
    );
    // An empty time column throughout is "no time": row order, no error.
    const untimed = importCsvText('la,failed,time\n1,0,\n2,1,\n', { source: 'n.csv' });
    expect(untimed.rows.map((r) => r.time)).toEqual([null, null]);
  });

  it('notes mapped columns whose cells are not numbers (read as missing)', () => {
    const ds = importCsvText('la,ld,nf,environment,failed\n10,oops,NA,production,1\n3,2,x,staging,0\n', {
      source: 'w.csv',
    });
    expect(ds.rows.map((r) => [r.features.ld, r.features.nf, r.features.environment])).toEqual([
      [null, null, 'production'],
      [2, null, 'staging'],
    ]);
    expect(ds.notes).toContain(
      'Cells that are neither a number, true/false nor empty were read as missing: ld (1 of 2), nf (1 of 2).',
    );
    expect(importCsvText('la,failed\n1,0\n2,1\n', { source: 'ok.csv' }).notes.join(' ')).not.toMatch(
      /read as missing/,
    );
  });
});

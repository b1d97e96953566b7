import { AppError } from '../../errors.ts';
import { loadScorer } from '../../model/scorer.ts';
import { modelHealth } from '../../serve/model-health.ts';
import type { Store } from '../../store/db.ts';
import { activateModel, activeModelRef, getModel, listModels } from '../../store/models.ts';
import { compareAuc } from '../../train/compare.ts';
import type { Dataset } from '../../train/dataset.ts';
import { importCsvFile } from '../../train/import.ts';
import { sortByTime } from '../../train/split.ts';
import { numberFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { dbFlagHelp, openStoreFor } from '../store-option.ts';
import { storeDatasets, storeLevelFlag, type StoreLevel } from '../train-store.ts';
import { openGitRepo } from '../../collect/git-repo.ts';
import { checkActivation, sameWeights } from '../../service/model-activation.ts';
import { resolveModelRef, shippedDefaultModel } from '../../service/model-ref.ts';
import { scoreDataset } from '../../service/evaluate-model.ts';

const help = `Usage: deployrisk models list|show VERSION|activate VERSION|compare A B|health [options]

The model registry in the store: every model trained with --from-store or --register, beside
the shipped default (models/DEFAULT, marked "shipped").
  list              versions, creation time, held-out AUC, cross-project AUC, level, which one
                    is active, which one is the shipped default
  show VERSION      the full model card (JSON); the shipped default's version too
  activate VERSION  mark VERSION active (it must load); a running server swaps to it within
                    DEPLOYRISK_MODEL_POLL_MS (default 3 s) without a restart, or at once through
                    POST /v1/models/{version}/activate. Refused (exit 2), unless --force, when
                    its card says it lost to its logistic baseline (strictly: a tie is not a
                    loss) or is below AUC 0.55. The figure read is the one a user meets: the
                    cross-project mean AUC vs that evaluation's logistic baseline when the card
                    has one, else the held-out (newest 20 %) AUC vs the in-run baseline.
                    The shipped default (its version, or a copy of its weights) is always
                    allowed: it is the fallback that scores when nothing is active; activating
                    it by version registers it, and its card's figures are printed as a warning
  compare A B       score the same most recent time window with both models, at the rows' level
                    as evaluate scores them: AUC of each, and a paired bootstrap 95 % interval
                    of AUC(B) − AUC(A). A and B: registered versions, the shipped default's
                    version, or artifact directories
  health            drift (PSI per feature, training bins vs the last N scored requests) and live
                    calibration (Brier, reliability) of the active model

Options:
${dbFlagHelp(20)}
  --data FILE       compare: labelled CSV instead of the store's rows
  --repo PATH       compare: commits of this mined repository only
  --level L         compare on store rows: auto (default), commit, deploy
  --window F        compare: most recent fraction of rows (default 0.2)
  --iterations N    compare: bootstrap samples (default 1000)
  --seed N          compare: bootstrap seed (default 42)
  --requests N      health: scored requests to compare (default $DEPLOYRISK_DRIFT_WINDOW)
  --force           activate: activate a model its card does not vouch for (with a warning)
  --json            one JSON document on stdout
`;

type ListedCard = {
  level?: string;
  metrics?: { test?: { auc?: number | null }; crossProject?: { meanAuc?: number | null } };
};

/** The dataset to compare on (a CSV or the store's rows) and the indices of its newest `window`. */
async function windowRows(
  store: Store,
  v: { data?: string | undefined; repo?: string | undefined; level: StoreLevel },
  window: number,
) {
  let ds: Dataset;
  let source: string;
  if (v.data) {
    ds = await importCsvFile(v.data);
    source = v.data;
  } else {
    const repos = v.repo ? [(await openGitRepo(v.repo)).root] : undefined;
    const got = await storeDatasets(store, v.level, repos ? { repos } : {});
    ds = got.datasets[0]!;
    source = `store (${got.level} level)`;
  }
  const sorted = sortByTime(ds.rows.map((r, i) => ({ time: r.time, i }))).rows;
  const k = Math.max(1, Math.round(sorted.length * window));
  const idx = sorted.slice(sorted.length - k).map((x) => x.i);
  const t = (i: number) => {
    const time = ds.rows[i]!.time;
    return time === null ? null : new Date(time).toISOString();
  };
  return { ds, idx, source, from: t(idx[0]!), to: t(idx[idx.length - 1]!) };
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'Model registry: list, show, activate, compare two models, drift and live calibration',
  help,
  async run(argv, ctx) {
    const { values, positionals } = parseFlags(
      argv,
      {
        db: { type: 'string' },
        data: { type: 'string' },
        repo: { type: 'string' },
        level: { type: 'string' },
        window: { type: 'string' },
        iterations: { type: 'string' },
        seed: { type: 'string' },
        requests: { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      true,
    );
    const [sub, a = '', b = ''] = positionals;
    // Usage errors before the store is opened: a typo must not create ./deployrisk.db.
    const usage: Record<string, string | null> = {
      list: null,
      health: null,
      show: !a ? 'usage: deployrisk models show VERSION' : null,
      activate: !a ? 'usage: deployrisk models activate VERSION' : null,
      compare: !a || !b ? 'usage: deployrisk models compare A B' : null,
    };
    if (sub === undefined || !Object.hasOwn(usage, sub))
      throw new AppError(
        'bad_input',
        'usage: deployrisk models list|show VERSION|activate VERSION|compare A B|health (see --help)',
      );
    if (usage[sub]) throw new AppError('bad_input', usage[sub]);
    const level = storeLevelFlag(values.level);
    const out = (json: unknown, text: string) =>
      ctx.io.stdout(values.json ? JSON.stringify(json) + '\n' : text.endsWith('\n') ? text : text + '\n');
    const store = await openStoreFor(ctx, values.db);
    try {
      if (sub === 'list') {
        const rows = await listModels(store.db);
        // The shipped default scores whenever no registered model is active: it is listed too,
        // marked, whether or not it was registered (activating it back registers it).
        const shipped = await shippedDefaultModel();
        const item = (
          card: ListedCard,
          o: { version: string; createdAt: string; active: boolean; dir: string },
        ) => ({
          version: o.version,
          createdAt: o.createdAt,
          level: card.level ?? null,
          auc: card.metrics?.test?.auc ?? null,
          crossProjectAuc: card.metrics?.crossProject?.meanAuc ?? null,
          active: o.active,
          shipped: sameWeights(card, shipped),
          artifactDir: o.dir,
        });
        const items = rows.map((r) =>
          item(JSON.parse(r.card) as ListedCard, {
            version: r.version,
            createdAt: new Date(Number(r.created_at)).toISOString(),
            active: Number(r.active) === 1,
            dir: r.artifact_dir,
          }),
        );
        if (shipped && !items.some((i) => i.version === shipped.version))
          items.push(
            item(shipped.card as ListedCard, {
              version: shipped.version,
              createdAt: String(shipped.card.createdAt ?? ''),
              active: false,
              dir: shipped.dir,
            }),
          );
        const anyActive = items.some((i) => i.active);
        out(
          { items },
          items
            .map(
              (i) =>
                `${i.active ? '*' : ' '} ${i.version}  ${i.createdAt}  ${i.level ?? '?'}  AUC ${i.auc ?? 'n/a'}${i.crossProjectAuc === null ? '' : `  cross-project AUC ${i.crossProjectAuc}`}${i.shipped ? `  shipped default${anyActive ? '' : ' (scores: no registered model is active)'}` : ''}`,
            )
            .join('\n') || 'no registered models',
        );
      } else if (sub === 'show') {
        const r = await getModel(store.db, a);
        const shipped = r ? null : await shippedDefaultModel();
        if (!r && shipped?.version !== a) throw new AppError('not_found', `model ${a} is not registered`);
        const view = r
          ? {
              version: r.version,
              active: Number(r.active) === 1,
              artifactDir: r.artifact_dir,
              card: JSON.parse(r.card) as unknown,
            }
          : { version: a, active: false, shipped: true, artifactDir: shipped!.dir, card: shipped!.card };
        out(view, JSON.stringify(view, null, 2));
      } else if (sub === 'activate') {
        const check = await checkActivation(store, a, values.force === true);
        const r = (await getModel(store.db, a))!;
        await loadScorer(r.artifact_dir); // refuse a model that would not load
        const before = await activeModelRef(store.db);
        await activateModel(store.db, a, Date.now());
        for (const w of check.warnings) ctx.io.stderr(`warning: ${w}\n`);
        out(
          {
            version: a,
            active: true,
            previous: before?.version ?? null,
            shipped: check.verdict.shipped,
            basis: check.verdict.basis,
            auc: check.verdict.auc,
            logisticAuc: check.verdict.logisticAuc,
            warnings: check.warnings,
          },
          `${a} is active (was ${before?.version ?? 'none'})`,
        );
      } else if (sub === 'compare') {
        const window = numberFlag(values.window, '--window', { min: 0.01, max: 1 }) ?? 0.2;
        const iterations =
          numberFlag(values.iterations, '--iterations', { min: 10, max: 100_000, integer: true }) ?? 1000;
        const seed = numberFlag(values.seed, '--seed', { min: 0, integer: true }) ?? 42;
        const dirs = [];
        for (const v of [a, b]) dirs.push((await resolveModelRef(store, v)).dir);
        const w = await windowRows(store, { data: values.data, repo: values.repo, level }, window);
        // Both models score the whole dataset at its level (ranked within the repository as in
        // training, as evaluate does); the newest window is compared.
        const [pa, pb] = await Promise.all(
          dirs.map(async (d) => {
            const p = (await scoreDataset(d, w.ds)).probabilities;
            return w.idx.map((i) => p[i]!);
          }),
        );
        const cmp = compareAuc(
          pa!,
          pb!,
          w.idx.map((i) => w.ds.rows[i]!.label),
          { iterations, seed },
        );
        const view = { a, b, window: { source: w.source, fraction: window, from: w.from, to: w.to }, ...cmp };
        out(
          view,
          `${w.source}, newest ${Math.round(window * 100)} % (${cmp.rows} rows, ${cmp.failed} failed, ${w.from} .. ${w.to})\nAUC ${a} ${cmp.aucA ?? 'n/a'}  ${b} ${cmp.aucB ?? 'n/a'}  diff ${cmp.diff ?? 'n/a'}  95% CI ${cmp.ci95 ? `[${cmp.ci95[0]}, ${cmp.ci95[1]}]` : 'n/a'}  P(B better) ${cmp.pBetter ?? 'n/a'}`,
        );
      } else if (sub === 'health') {
        const n =
          numberFlag(values.requests, '--requests', { min: 1, max: 100_000, integer: true }) ??
          ctx.config.DEPLOYRISK_DRIFT_WINDOW;
        const active = await activeModelRef(store.db);
        const h = await modelHealth(store, active?.version ?? null, n);
        const top = (h.drift.features ?? [])
          .slice()
          .sort((x, y) => y.psi - x.psi)
          .slice(0, 5);
        out(
          h,
          [
            `model ${h.model.version ?? 'none (no active registered model)'}; ${h.drift.requests} recent requests`,
            h.drift.features
              ? `PSI max ${h.drift.maxPsi}; shifted (> 0.25): ${h.drift.shifted.join(', ') || 'none'}; top: ${top.map((t) => `${t.feature} ${t.psi}`).join(', ')}`
              : 'PSI: the card has no training bins',
            `live: ${h.live.deploysWithOutcome} deploys with outcomes, Brier ${h.live.brier ?? 'n/a'}, observed ${h.live.observedFailureRate ?? 'n/a'} vs predicted ${h.live.meanProbability ?? 'n/a'}`,
          ].join('\n'),
        );
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};

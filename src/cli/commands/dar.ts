// `ltds dar sweep|outbox|data-user`: operator commands of the Data Access Register on the host's
// store (the SQLite file, or PostgreSQL with --database-url).

import { Option, type Command } from 'commander';
import { LtdsError } from '../../errors/index.js';
import { storeOptions, withCliStore as withStore, type StoreLocationOptions } from '../store.js';

interface DarCliOptions extends StoreLocationOptions {
  json?: boolean;
}

function common(cmd: Command): Command {
  return storeOptions(cmd)
    .addOption(new Option('--out <dir>', 'publication folder, to find the default store').default('out').env('LTDS_OUT'))
    .option('--json', 'print JSON');
}

const print = (opts: DarCliOptions, json: unknown, text: string) => process.stdout.write(opts.json ? JSON.stringify(json, null, 2) + '\n' : text + '\n');

/** Registers `dar`. */
export function registerDar(program: Command): void {
  const dar = program.command('dar').description('Data Access Register operations: the expiry sweep, the webhook outbox, Data User profiles');

  common(dar.command('sweep').description('expire ACTIVE records past their expiry and queue consent.expiring notices (run it from cron or a timer)')).action((opts: DarCliOptions) =>
    withStore(opts, async (store) => {
      const { openRegister, sweep } = await import('../../dar/index.js');
      const r = await sweep(await openRegister(store));
      print(opts, { expired: r.expired, 'expiring-notices': r.expiringNotices }, `${r.expired} record(s) expired, ${r.expiringNotices} consent.expiring notice(s) queued`);
    }),
  );

  common(
    dar
      .command('outbox')
      .description('list webhook deliveries: pending (queued or retrying) and undelivered (dead after the retry ladder); --replay queues an undelivered one again')
      .addOption(new Option('--state <state>', 'which deliveries').choices(['pending', 'dead', 'done', 'all']).default('pending'))
      .option('--limit <n>', 'at most this many', '100')
      .option('--replay <jobId>', 'queue this undelivered (dead) delivery again, due now: the next worker pass tries it once more'),
  ).action((opts: DarCliOptions & { state: string; limit: string; replay?: string }) =>
    withStore(opts, async (store) => {
      const { DAR_WEBHOOK_TOPIC } = await import('../../dar/index.js');
      if (opts.replay !== undefined) {
        const at = new Date().toISOString();
        const r = await store.db
          .updateTable('jobs')
          .set({ status: 'pending', due_at: at, locked_by: null, locked_until: null, finished_at: null, updated_at: at })
          .where('job_id', '=', opts.replay)
          .where('topic', '=', DAR_WEBHOOK_TOPIC)
          .where('status', '=', 'dead')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new LtdsError('USAGE', `no undelivered DAR webhook delivery ${opts.replay} (see ltds dar outbox --state dead)`, { jobId: opts.replay });
        print(opts, { job: opts.replay, status: 'pending', 'due-at': at }, `${opts.replay} queued again`);
        return;
      }
      let q = store.db.selectFrom('jobs').selectAll().where('topic', '=', DAR_WEBHOOK_TOPIC);
      if (opts.state !== 'all') q = q.where('status', '=', opts.state as 'pending');
      const rows = await q.orderBy('due_at').limit(Number(opts.limit) || 100).execute();
      const list = rows.map((j) => {
        const p = JSON.parse(j.payload) as { endpoint: string; eventId: string; body: string };
        const type = (JSON.parse(p.body) as { 'event-type'?: string })['event-type'] ?? '';
        return { job: j.job_id, event: p.eventId, wid: p.endpoint, 'event-type': type, status: j.status, attempts: Number(j.attempts), 'due-at': j.due_at, 'last-error': j.last_error };
      });
      print(opts, list, list.length ? list.map((d) => `${d.job}  ${d.status.padEnd(7)}  ${d['event-type'].padEnd(18)} ${d.wid}  attempts ${d.attempts}  due ${d['due-at']}${d['last-error'] ? `  (${d['last-error']})` : ''}`).join('\n') : `no ${opts.state === 'all' ? '' : opts.state + ' '}deliveries`);
    }),
  );

  common(
    dar
      .command('data-user')
      .description("set a Data User's profile (what GET /dar/v1/data-users/{duid} answers)")
      .argument('<duid>')
      .requiredOption('--name <name>', 'display name')
      .requiredOption('--contact-url <url>', 'contact URL (https)')
      .option('--data-types <list>', 'comma-separated data types supported', 'HH-CONSUMPTION,HH-EXPORT,MTH-CONSUMPTION,MTH-EXPORT,ANNUAL-CONSUMPTION,ANNUAL-EXPORT,TARIFF-IMPORT,TARIFF-EXPORT')
      .addOption(new Option('--status <status>', 'status').choices(['active', 'suspended', 'terminated']).default('active')),
  ).action((duid: string, opts: DarCliOptions & { name: string; contactUrl: string; dataTypes: string; status: 'active' | 'suspended' | 'terminated' }) =>
    withStore(opts, async (store) => {
      const { openRegister, setDataUserProfile } = await import('../../dar/index.js');
      const profile = await setDataUserProfile(await openRegister(store), { duid, displayName: opts.name, contactUrl: opts.contactUrl, dataTypes: opts.dataTypes.split(',').map((t) => t.trim()) as never, status: opts.status });
      print(opts, profile, `${profile.duid}  ${profile['display-name']}  ${profile.status}  ${profile['contact-url']}`);
    }),
  );
}

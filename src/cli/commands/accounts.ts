// `ltds accounts add|list|rotate-secret|suspend|reactivate`: the accounts that may obtain bearer
// tokens, in the serving host's store (the SQLite file, or PostgreSQL with --database-url).
// Secrets are printed once and stored only as hashes.

import { Option, type Command } from 'commander';
import { ROLES } from '../../store/accounts.js';
import type { Account, Role } from '../../store/index.js';
import { storeOptions, withCliStore as withStore, type StoreLocationOptions } from '../store.js';

interface DbOptions extends StoreLocationOptions {
  json?: boolean;
}

function row(a: Account): string {
  return `${a.accountId}  ${a.role.padEnd(13)} ${a.status.padEnd(9)} ${(a.duid ?? '-').padEnd(29)} ${a.name}`;
}

function dbOptions(cmd: Command): Command {
  return storeOptions(cmd)
    .addOption(new Option('--out <dir>', 'publication folder, to find the default store').default('out').env('LTDS_OUT'))
    .option('--json', 'print JSON');
}

/** Registers `accounts`. */
export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('manage the accounts that obtain bearer tokens from the serving host');
  dbOptions(
    accounts
      .command('add')
      .description('create an account and print its id and secret key (shown once)')
      .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
      .requiredOption('--name <name>', 'organisation or person the account is for')
      .option('--duid <duid>', 'Data User id (data_user accounts get a new one when absent)'),
  ).action((opts: DbOptions & { role: Role; name: string; duid?: string }) =>
    withStore(opts, async (store) => {
      const { account, secret } = await store.accounts.add({ name: opts.name, role: opts.role, duid: opts.duid });
      if (opts.json) process.stdout.write(JSON.stringify({ account, secretKey: secret }, null, 2) + '\n');
      else process.stdout.write(`${row(account)}\nsecret key (shown once, keep it safe): ${secret}\n`);
    }),
  );
  dbOptions(accounts.command('list').description('list the accounts (never their secrets)')).action((opts: DbOptions) =>
    withStore(opts, async (store) => {
      const list = await store.accounts.list();
      if (opts.json) process.stdout.write(JSON.stringify(list, null, 2) + '\n');
      else process.stdout.write(list.length ? list.map(row).join('\n') + '\n' : 'no accounts\n');
    }),
  );
  dbOptions(accounts.command('rotate-secret').description('replace an account secret key; the old one stops working at once').argument('<accountId>')).action((accountId: string, opts: DbOptions) =>
    withStore(opts, async (store) => {
      const secret = await store.accounts.rotateSecret(accountId);
      if (opts.json) process.stdout.write(JSON.stringify({ accountId, secretKey: secret }, null, 2) + '\n');
      else process.stdout.write(`new secret key for ${accountId} (shown once): ${secret}\n`);
    }),
  );
  for (const [name, status, what] of [
    ['suspend', 'suspended', 'suspend an account: no new tokens, and its current tokens stop working'],
    ['reactivate', 'active', 'reactivate a suspended account'],
  ] as const) {
    dbOptions(accounts.command(name).description(what).argument('<accountId>')).action((accountId: string, opts: DbOptions) =>
      withStore(opts, async (store) => {
        const account = await store.accounts.setStatus(accountId, status);
        process.stdout.write(opts.json ? JSON.stringify(account, null, 2) + '\n' : `${row(account)}\n`);
      }),
    );
  }
  dbOptions(accounts.command('rotate-signing-key').description('start signing tokens with a new key (tokens signed by the old key stay valid until they expire)'))
    .option('--token-ttl <seconds>', 'how long the old key keeps verifying (the token lifetime)', '7200')
    .action((opts: DbOptions & { tokenTtl: string }) =>
      withStore(opts, async (store) => {
        const key = await store.signingKeys.rotate(Number(opts.tokenTtl));
        process.stdout.write(opts.json ? JSON.stringify({ kid: key.kid }) + '\n' : `new signing key ${key.kid}\n`);
      }),
    );
}

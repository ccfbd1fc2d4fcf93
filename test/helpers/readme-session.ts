// README shell sessions: a fenced block whose info string is `console session` is one shell session
// (bash), run top to bottom in one shell so variables carry from line to line. In it, a line
// starting `$ ` is a command, lines starting `> ` continue it (as the shell's prompt shows them),
// a line starting `#` is a comment, and any other line is output of the command before it. The
// runner writes the whole session as one bash script whose every command's standard output, error
// and status go to files of their own, so each command's shown output is checked by itself.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One command of a session: where it starts, its text (continuations joined by newlines), its shown output. */
export interface SessionCommand {
  line: number;
  command: string;
  output: string[];
}

/** A `console session` block: its first line and its commands. */
export interface Session {
  line: number;
  commands: SessionCommand[];
}

/** Whether a fence line opens a session block. */
export const isSessionFence = (line: string): boolean => /^```console\s+session\b/.test(line);

/** The session blocks of a Markdown text, in order. */
export function readmeSessions(markdown: string): Session[] {
  const lines = markdown.split('\n');
  const sessions: Session[] = [];
  let session: Session | undefined;
  let inOther = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      if (session) session = undefined;
      else if (inOther) inOther = false;
      else if (isSessionFence(line)) sessions.push((session = { line: i + 1, commands: [] }));
      else inOther = true;
      continue;
    }
    if (!session) continue;
    const current = session.commands.at(-1);
    if (line.startsWith('$ ')) session.commands.push({ line: i + 1, command: line.slice(2), output: [] });
    else if (line.startsWith('> ') && current && current.output.length === 0) current.command += `\n${line.slice(2)}`;
    else if (line.startsWith('#')) continue;
    else if (current) current.output.push(line);
  }
  for (const s of sessions) for (const c of s.commands) while (c.output.length > 0 && c.output.at(-1)?.trim() === '') c.output.pop();
  return sessions;
}

/** What one command did. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `commands` as one bash session in `cwd` (after `prelude`, the test's own setup lines) and
 * returns each command's result; a command the session never reached (the shell died) has code null.
 * Background jobs the session leaves running are stopped at its end.
 */
export async function runSession(commands: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; prelude?: string; timeoutMs?: number }): Promise<CommandResult[]> {
  const dir = join(options.cwd, '.session');
  mkdirSync(dir, { recursive: true });
  const script = [
    'set -o pipefail',
    options.prelude ?? '',
    ...commands.map((c, i) => `{ ${c}\n} > ${dir}/${i}.out 2> ${dir}/${i}.err < /dev/null; echo $? > ${dir}/${i}.rc`),
    'for p in $(jobs -p); do kill "$p" 2>/dev/null; done',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'session.sh'), script);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [join(dir, 'session.sh')], { cwd: options.cwd, env: options.env, stdio: 'ignore', detached: true });
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return commands.map((_c, i) => {
    const read = (ext: string) => (existsSync(join(dir, `${i}.${ext}`)) ? readFileSync(join(dir, `${i}.${ext}`), 'utf8') : '');
    const rc = read('rc').trim();
    return { code: rc === '' ? null : Number(rc), stdout: read('out'), stderr: read('err') };
  });
}

import { runCli } from '../../src/cli/main';

/** Runs one `tempopilot` command line in this process, capturing what it prints and its exit code. */
export async function runCapturing(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

import type { Command } from 'commander';
import { openInBrowser } from '../../server/platform.js';
import { CliError } from '../cli-error.js';
import type { CommandKit } from '../command-kit.js';

export function registerOpen(program: Command, { ctx, run }: CommandKit): void {
  program
    .command('open')
    .description('open the dashboard in your browser through a fresh one-time login link')
    .option('--print-link', 'print the link instead of opening it (it signs a browser in once, within 10 minutes: keep it to yourself)')
    .action((options: { printLink?: boolean }) =>
      run(async () => {
        const client = await ctx.client();
        const { url } = await client.post<{ url: string }>('/api/login-links');
        if (options.printLink) {
          ctx.print(url, { url });
          return;
        }
        if (!(await openInBrowser(url))) {
          throw new CliError('Could not open a browser.', 'Run `porthole open --print-link` and open the link yourself.', 'NO_BROWSER');
        }
        ctx.print('Opened the dashboard in your browser.', { opened: true, dashboard: client.url });
      }),
    );
}

// The login service's file: a systemd user unit (Linux) or a launchd agent (macOS). Pure text, so tests
// check it with the platform's own validators. The daemon runs in the foreground (`porthole start`) and
// stops its own plugins on SIGTERM, so the manager signals it alone (KillMode=mixed) and waits for it.

export interface ServiceSpec {
  /** The node binary, absolute. */
  node: string;
  /** bin/porthole.js, absolute. */
  bin: string;
  configDir?: string;
  port?: number;
  /** PATH for the daemon, so it finds session-manager-plugin as your shell does. */
  path: string;
  /** launchd: the job's label; its stdout and stderr go to `logFile`. */
  label: string;
  logFile?: string;
}

export function daemonArgs(spec: ServiceSpec): string[] {
  return [
    spec.node,
    spec.bin,
    'start',
    '--no-open',
    ...(spec.configDir ? ['--config-dir', spec.configDir] : []),
    ...(spec.port !== undefined ? ['--port', String(spec.port)] : []),
  ];
}

/** Only absolute PATH entries: a relative one would depend on the folder the manager starts in. */
export function servicePath(path: string | undefined): string {
  const entries = (path ?? '').split(':').filter((entry) => entry.startsWith('/'));
  return [...new Set(entries.length > 0 ? entries : ['/usr/local/bin', '/usr/bin', '/bin'])].join(':');
}

/**
 * One systemd word, double-quoted with C-style escapes; `%` is a specifier and `$` a variable to systemd,
 * so both are doubled where they are (systemd.syntax(7), systemd.service(7) "Command lines").
 */
export function systemdWord(value: string, expandsVariables: boolean): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/%/g, '%%');
  return `"${expandsVariables ? escaped.replace(/\$/g, '$$$$') : escaped}"`;
}

export function systemdUnit(spec: ServiceSpec): string {
  const exec = daemonArgs(spec)
    .map((arg) => systemdWord(arg, true))
    .join(' ');
  return `# Written by \`porthole service install\`; \`porthole service uninstall\` removes it.
[Unit]
Description=Porthole: SSM tunnels to private AWS databases

[Service]
Type=simple
ExecStart=${exec}
Environment=${systemdWord(`PATH=${spec.path}`, false)}
Restart=on-failure
RestartSec=5
# SIGTERM to the daemon only: it stops its plugins and ends their sessions itself, then exits.
KillMode=mixed
TimeoutStopSec=30

[Install]
WantedBy=default.target
`;
}

export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function launchdPlist(spec: ServiceSpec): string {
  const strings = (values: string[], indent: string) => values.map((v) => `${indent}<string>${xmlText(v)}</string>`).join('\n');
  const log = spec.logFile
    ? `  <key>StandardOutPath</key>\n  <string>${xmlText(spec.logFile)}</string>\n  <key>StandardErrorPath</key>\n  <string>${xmlText(spec.logFile)}</string>\n`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Written by \`porthole service install\`; \`porthole service uninstall\` removes it. -->
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${xmlText(spec.label)}</string>
  <key>ProgramArguments</key>
  <array>
${strings(daemonArgs(spec), '    ')}
  </array>
  <key>EnvironmentVariables</key>
  <dict>
    <key>PATH</key>
    <string>${xmlText(spec.path)}</string>
  </dict>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ProcessType</key>
  <string>Interactive</string>
  <key>ExitTimeOut</key>
  <integer>30</integer>
${log}</dict>
</plist>
`;
}

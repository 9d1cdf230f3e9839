import { CopyButton } from './copy-button';

/** A shell command or string the user will paste somewhere: shown whole (it wraps), with its copy button. */
export function Command({ value, what = 'command' }: { value: string; what?: string }) {
  return (
    <span className="command">
      <code>{value}</code>
      <CopyButton text={value} what={what} compact />
    </span>
  );
}

export type HintPart = { text: string } | { code: string };

const COMMANDS = /^(aws|npm|sudo|brew|apt|apt-get|curl|psql|mysql|session-manager-plugin)\s/;

/**
 * Splits a hint into prose and commands: `backticked` parts are commands; a hint that is itself a command
 * (e.g. "aws sso login --profile dev") is one command.
 */
export function splitHint(hint: string): HintPart[] {
  const trimmed = hint.trim();
  if (!trimmed.includes('`')) return COMMANDS.test(trimmed) ? [{ code: trimmed }] : [{ text: trimmed }];
  return trimmed
    .split('`')
    .map((piece, i): HintPart => (i % 2 === 1 ? { code: piece } : { text: piece }))
    .filter((p) => ('code' in p ? p.code.trim() !== '' : p.text !== ''));
}

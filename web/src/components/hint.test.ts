import { describe, expect, it } from 'vitest';
import { splitHint } from './hint';

describe('splitHint', () => {
  it('treats a bare command as one copyable command', () => {
    expect(splitHint('aws sso login --profile dev')).toEqual([{ code: 'aws sso login --profile dev' }]);
  });
  it('keeps prose as prose', () => {
    expect(splitHint('Ask your administrator for ssm:StartSession.')).toEqual([{ text: 'Ask your administrator for ssm:StartSession.' }]);
  });
  it('splits backticked commands out of prose', () => {
    expect(splitHint('Run `aws sso login --profile dev`, then retry.')).toEqual([
      { text: 'Run ' },
      { code: 'aws sso login --profile dev' },
      { text: ', then retry.' },
    ]);
  });
});

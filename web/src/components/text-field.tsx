import type { InputHTMLAttributes, ReactNode } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'type'> {
  id: string;
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
}

/** A labelled one-line text input for names, paths and ids: no spell-checking, the value handed back as text. */
export function TextField({ id, label, value, onValue, ...input }: Props) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" spellCheck={false} value={value} onChange={(e) => onValue(e.target.value)} {...input} />
    </>
  );
}

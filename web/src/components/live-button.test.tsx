// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OFFLINE_TITLE } from '../lib/link';
import { renderWith } from '../test/render';
import { LiveButton } from './live-button';

const button = () => screen.getByRole<HTMLButtonElement>('button', { name: 'Refresh' });

describe('LiveButton', () => {
  it('while Porthole answers: its own title, disabled only when asked, a plain button by default', () => {
    renderWith(<LiveButton title="Fetch again">Refresh</LiveButton>);
    expect(button().disabled).toBe(false);
    expect(button().title).toBe('Fetch again');
    expect(button().type).toBe('button');
  });

  it('honours its own disabled', () => {
    renderWith(<LiveButton disabled>Refresh</LiveButton>);
    expect(button().disabled).toBe(true);
  });

  it('while Porthole is not answering: disabled, and its title says why', () => {
    renderWith(
      <LiveButton type="submit" title="Fetch again">
        Refresh
      </LiveButton>,
      { link: 'reconnecting' },
    );
    expect(button().disabled).toBe(true);
    expect(button().title).toBe(OFFLINE_TITLE);
    expect(button().type).toBe('submit');
  });
});

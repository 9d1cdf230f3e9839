// @vitest-environment jsdom
import { act, fireEvent, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TableItem } from '../lib/targets';
import { TargetsTable } from './targets-table';

// jsdom has no layout: the scroll box gets a size, so the virtualizer renders the rows a real window would.
beforeEach(() => {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: false, media: query, addEventListener() {}, removeEventListener() {} }));
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** A group and its targets, as a fetch answers them (`round` stands for a new answer with fresh objects). */
function items(round: number): TableItem[] {
  const group: TableItem = { kind: 'group', key: 'g:dev:us-east-1', profile: 'dev', region: 'us-east-1', count: 300, total: 300 };
  const rows = Array.from({ length: 300 }, (_, i) => {
    const id = `dev:us-east-1:instance:db-${String(i).padStart(3, '0')}`;
    return { kind: 'target', key: id, row: { target: { id, name: `db-${i} (answer ${round})` } } } as unknown as TableItem;
  });
  return [group, ...rows];
}

const table = (list: TableItem[]) => (
  <TargetsTable
    items={list}
    sort={{ key: 'name', dir: 'asc' }}
    onSort={() => undefined}
    renderItem={(item) => <div data-key={item.key}>{item.kind === 'target' ? item.row.target.name : item.key}</div>}
  />
);

describe('TargetsTable', () => {
  it('keeps every visible row element and the scroll position when a refresh replaces the rows (issue 17)', () => {
    const { container, rerender, getByTestId } = render(table(items(1)));
    const scroller = getByTestId('targets-scroller');
    act(() => {
      scroller.scrollTop = 5_600;
      fireEvent.scroll(scroller);
    });
    const before = new Map([...container.querySelectorAll<HTMLElement>('.vrow')].map((el) => [el.dataset.index, el]));
    // Rows around the 100th are in view, not the top ones.
    expect(before.size).toBeGreaterThan(5);
    expect([...before.keys()].map(Number).every((index) => index > 80)).toBe(true);
    expect(container.textContent).toContain('(answer 1)');

    rerender(table(items(2)));
    const after = [...container.querySelectorAll<HTMLElement>('.vrow')];
    expect(scroller.scrollTop).toBe(5_600);
    expect(after.map((el) => el.dataset.index)).toEqual([...before.keys()]);
    // The same elements, updated in place: nothing was taken down and put back.
    for (const el of after) expect(before.get(el.dataset.index)).toBe(el);
    expect(container.textContent).toContain('(answer 2)');
    expect(container.textContent).not.toContain('(answer 1)');
  });

  it('renders rows in its first render, before the box has been measured (issue 17: no empty first pass)', () => {
    let rendered = 0;
    let firstPass = -1;
    // Rendered after the table in the same pass: what the table rendered before it is the first pass.
    function AfterTable() {
      if (firstPass < 0) firstPass = rendered;
      return null;
    }
    render(
      <>
        <TargetsTable
          items={items(1)}
          sort={{ key: 'name', dir: 'asc' }}
          onSort={() => undefined}
          renderItem={(item) => {
            rendered += 1;
            return <div>{item.key}</div>;
          }}
        />
        <AfterTable />
      </>,
    );
    expect(firstPass).toBeGreaterThan(5);
  });
});

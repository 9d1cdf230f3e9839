export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const max = Math.max(1, total);
  return (
    <progress className="progress" value={Math.min(done, max)} max={max} aria-label={label}>
      {done}/{total}
    </progress>
  );
}

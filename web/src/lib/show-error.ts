import { toast } from 'sonner';

/** An error toast with the daemon's message and, when it gave one, its hint (longer on screen). */
export function showError(what: string, err: unknown): void {
  const hint = (err as { hint?: string }).hint;
  toast.error(`${what}: ${err instanceof Error ? err.message : String(err)}`, hint ? { description: hint, duration: 12_000 } : {});
}

import { toast } from 'sonner';

/** Copies text and says so; the text itself is never shown in the toast (it may be a password). */
export async function copyText(text: string, what: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    toast.success(`Copied ${what}`);
    return true;
  } catch {
    toast.error(`Could not copy ${what}`, { description: 'The browser refused clipboard access; select the text and copy it by hand.' });
    return false;
  }
}

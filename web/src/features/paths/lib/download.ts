/**
 * Hands text to the browser as a file download (a Blob behind a temporary object URL, revoked at once after the
 * click), so a configuration that holds a private key is never put in the page or kept by it.
 */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference once started; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export const OVPN_TYPE = 'application/x-openvpn-profile';

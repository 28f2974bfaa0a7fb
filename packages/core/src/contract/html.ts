const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and quoted attributes (the server's error page, the emulator, the survey). */
export const escapeHtml = (text: unknown): string =>
  String(text ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

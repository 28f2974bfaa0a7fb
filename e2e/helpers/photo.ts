import type { Page } from 'playwright-core';

/**
 * The picture a member "takes": a real JPEG drawn in the page and queued for the emulator bridge's next
 * chooseImage (WeixinJSBridge.state.pick). Resolves to its data URL.
 */
export const queuePicture = (page: Page, label: string): Promise<string> =>
  page.evaluate((text) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext('2d');
    if (g) {
      g.fillStyle = '#3370ff';
      g.fillRect(0, 0, 64, 48);
      g.fillStyle = '#fff';
      g.fillText(text, 4, 28);
    }
    const dataUrl = canvas.toDataURL('image/jpeg', 0.9);
    (window as unknown as { WeixinJSBridge: { state: { pick: string[] } } }).WeixinJSBridge.state.pick.push(
      dataUrl,
    );
    return dataUrl;
  }, label);

/** The bytes and content-type a URL serves to this page (its cookies included). */
export async function fetchedBytes(page: Page, url: string): Promise<{ type: string | null; bytes: Buffer }> {
  const served = await page.evaluate(async (src) => {
    const response = await fetch(src);
    const bytes = new Uint8Array(await response.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return { type: response.headers.get('content-type'), base64: btoa(binary) };
  }, url);
  return { type: served.type, bytes: Buffer.from(served.base64, 'base64') };
}

/** The bytes of a data URL. */
export const dataUrlBytes = (dataUrl: string) => Buffer.from(dataUrl.replace(/^data:[^,]*,/, ''), 'base64');

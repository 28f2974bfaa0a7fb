import { mediaStore } from '../wecom/media/store.js';
import type { World } from '../world.js';
import { renderTextcard } from './console-textcard.js';
import { beijingTime, escapeHtml as h } from './html.js';

const mediaLink = (id: string) => `/_emulator/media/${encodeURIComponent(id)}`;

/** One inbox line for any message type the emulator delivers (an image shows as a thumbnail). */
export function messageSummary(type: string, content: Record<string, unknown> | undefined): string {
  const c = content ?? {};
  switch (type) {
    case 'text':
    case 'markdown':
      return h(String(c['content'] ?? ''));
    case 'textcard':
      return renderTextcard(c);
    case 'news':
      return h(`${Array.isArray(c['articles']) ? c['articles'].length : 0} articles`);
    case 'image':
      return `<a href="${mediaLink(String(c['media_id']))}"><img alt="image" src="${mediaLink(String(c['media_id']))}" style="max-height:48px;vertical-align:middle"></a>`;
    case 'file':
      return `<a href="${mediaLink(String(c['media_id']))}">download</a>`;
    default:
      return h(JSON.stringify(c).slice(0, 120));
  }
}

/** Stored media, newest first: pictures from pages (uploadImage) and files from media/upload. */
export function mediaSection(world: World): string {
  const files = mediaStore(world).list().slice(-12).reverse();
  return `<section id="media"><h2>Media <span class="muted">media/upload and the page's uploadImage, 3 days each</span></h2>${
    files.length === 0
      ? '<p class="muted">No media stored yet.</p>'
      : `<table><tr><th>File</th><th>From</th><th>Owner</th><th>Expires</th></tr>${files
          .map(
            (m) =>
              `<tr><td>${
                m.type === 'image'
                  ? `<a href="${mediaLink(m.mediaId)}"><img alt="${h(m.filename)}" src="${mediaLink(m.mediaId)}" style="max-height:48px"></a>`
                  : `<a href="${mediaLink(m.mediaId)}">${h(m.filename)}</a>`
              } <span class="muted">${m.data.byteLength} B</span></td><td>${m.source === 'page' ? 'uploadImage' : 'media/upload'}</td><td>${h(m.owner)}</td><td class="muted">${beijingTime(m.expiresAt, 'minute')}</td></tr>`,
          )
          .join('')}</table>`
  }</section>`;
}

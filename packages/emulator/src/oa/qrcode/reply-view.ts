/**
 * The console's view of a passive reply (the answer to a scan's subscribe or SCAN): a chat bubble as the follower's
 * WeChat shows it, not the XML. OA doc 被动回复用户消息: text (Content; WeChat turns `<a href="…">` in it into a link
 * and keeps line breaks), image, voice, video (Title, Description), music (Title, Description) and news (Articles/item:
 * Title, Description, PicUrl, Url; one big card for the first article). Built with DOM nodes and textContent only: a
 * reply is the app's text, never markup for the console's origin. A reply it cannot read stays visible as text.
 *
 * `renderReply(xml)` returns an element; it runs in the console page (the script below is inlined there).
 */
export const REPLY_SCRIPT = `
const renderReply = (xml) => {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  const field = (root, path) => { let n = root; for (const name of path.split('/')) { n = n && [...n.children].find((c) => c.tagName === name); } return n ? n.textContent : ''; };
  const safe = (url) => /^https?:\\/\\//i.test(url.trim()) ? url.trim() : '#';
  const bubble = el('div', 'reply');
  const root = doc.documentElement;
  if (!root || root.tagName !== 'xml' || doc.getElementsByTagName('parsererror').length) {
    bubble.append(el('div', 'muted', 'not a reply the platform reads (WeChat shows nothing):'), el('pre', '', xml));
    return bubble;
  }
  const type = field(root, 'MsgType');
  bubble.dataset.replyType = type;
  if (type === 'text') {
    // Line breaks stay; <a href="http(s)://…">label</a> becomes a link, every other character is text.
    const content = field(root, 'Content');
    const link = /<a\\s+href=(["'])(.*?)\\1\\s*>(.*?)<\\/a>/gi;
    let last = 0, m;
    const text = el('div', 'text');
    while ((m = link.exec(content))) {
      text.append(content.slice(last, m.index));
      const a = el('a', '', m[3]); a.href = safe(m[2]); text.append(a);
      last = m.index + m[0].length;
    }
    text.append(content.slice(last));
    bubble.append(text);
  } else if (type === 'news') {
    const items = [...(root.getElementsByTagName('item'))];
    items.forEach((item, i) => {
      const card = el('a', i === 0 ? 'article first' : 'article');
      card.href = safe(field(item, 'Url'));
      card.append(el('b', '', field(item, 'Title')));
      if (i === 0 && field(item, 'Description')) card.append(el('div', 'muted', field(item, 'Description')));
      bubble.append(card);
    });
  } else if (type === 'music' || type === 'video') {
    const box = type === 'music' ? 'Music' : 'Video';
    bubble.append(el('b', '', (type === 'music' ? '♪ ' : '▶ ') + (field(root, box + '/Title') || type)), el('div', 'muted', field(root, box + '/Description')));
  } else if (type === 'image' || type === 'voice') {
    const box = type === 'image' ? 'Image' : 'Voice';
    bubble.append(el('div', '', '[' + (type === 'image' ? '图片 image' : '语音 voice') + '] media_id ' + field(root, box + '/MediaId')));
  } else {
    bubble.append(el('div', 'muted', (type || 'no MsgType') + ': not a message the follower sees'), el('pre', '', xml));
  }
  return bubble;
};
`;

export const REPLY_STYLE = `
.reply{background:#fff;color:#1f2329;border:1px solid #e5e6eb;border-radius:6px;padding:8px 10px;max-width:300px;margin:6px 0;font-size:14px;overflow-wrap:anywhere}
.reply .text{white-space:pre-wrap}.reply .article{display:block;background:#fff;border-radius:4px;padding:6px 8px;margin:4px 0;color:#1f2329;text-decoration:none}
.reply[data-reply-type=news]{background:#f7f8fa}.reply pre{max-height:120px}
`;

/**
 * message/send limits (doc 90236), one home for core's checks and the emulator's answers. Byte limits are UTF-8
 * bytes. The platform cuts text, textcard and news fields past them ("超过会自动截断") and refuses markdown past
 * its limit (a capture: 40058 `markdown.content exceed max length`); core refuses all of them before sending.
 */
export const WECOM_MESSAGE_LIMITS = {
  textBytes: 2048,
  markdownBytes: 2048,
  textcardTitleBytes: 128,
  textcardDescriptionBytes: 512,
  /** Characters, not bytes ("不超过4个文字"); default 详情. */
  btntxtChars: 4,
  newsArticles: { min: 1, max: 8 },
  newsTitleBytes: 128,
  newsDescriptionBytes: 512,
  /** enable_duplicate_check: the same request JSON within this many seconds reaches nobody again. */
  duplicateCheckDefaultSeconds: 1800,
  /** "最大不超过4小时". */
  duplicateCheckMaxSeconds: 4 * 3600,
} as const;

/**
 * Tencent's official WeCom callback sample as `wxkit crypt` arguments: its token and key, its receive id, and the
 * timestamp, nonce and signature its echostr was made with. `verifyUrl` is `crypt verify-url` of that sample, any
 * part replaced.
 */
export const SAMPLE = {
  token: 'QDG6eK',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  /** What the echostr decrypts to. */
  plain: '1616140317555161061',
};

export const KEYS = ['--token', SAMPLE.token, '--aes-key', SAMPLE.aesKey];
export const CORP = ['--receive-id', SAMPLE.receiveId];
export const VERIFY = [
  '--timestamp',
  '1409659589',
  '--nonce',
  '263014780',
  '--msg-signature',
  '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
];

export const verifyUrl = (
  replace: Partial<Pick<typeof SAMPLE, 'token' | 'aesKey' | 'receiveId' | 'echostr'>> = {},
) => {
  const s = { ...SAMPLE, ...replace };
  return [
    'crypt',
    'verify-url',
    '--token',
    s.token,
    '--aes-key',
    s.aesKey,
    '--receive-id',
    s.receiveId,
    ...VERIFY,
    '--echostr',
    s.echostr,
  ];
};

import { defineFeature } from '../../feature.js';
import { consoleOaPage } from './console.js';
import { oaQrcode, qrState } from './qrcodes.js';
import { oaScan } from './scan.js';

/** Parametric QR codes, the scan and unfollow actions, and the Official Accounts console page. */
export const oaQrcodeFeature = defineFeature({
  name: 'oa/qrcode',
  platform: 'oa',
  state: [qrState],
  api: [oaQrcode],
  control: [oaScan],
  console: [consoleOaPage],
});

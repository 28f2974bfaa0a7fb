import { defineFeature } from '../../feature.js';
import { consoleOaPage } from '../../pages/console-oa.js';
import { oaQrcode, qrState } from '../../services/oa-qrcode.js';
import { oaScan } from '../../services/oa-scan.js';

/** Parametric QR codes, the scan and unfollow actions, and the Official Accounts console page. */
export const oaQrcodeFeature = defineFeature({
  name: 'oa/qrcode',
  platform: 'oa',
  state: [qrState],
  api: [oaQrcode],
  control: [oaScan],
  console: [consoleOaPage],
});

import type { OaQrCodeRequest } from '@wxkit/core';
import QRCode from 'qrcode';
import { loadConfig } from '../config.js';
import { CliExit, type CliIO } from '../io.js';
import { clientFor } from '../platform.js';

export interface ParametricOptions {
  config: string;
  scene: string;
  permanent?: boolean;
  expire?: string;
  json?: boolean;
}

/**
 * `wxkit qr --scene <id|str> [--permanent] [--expire <s>]`: a parametric QR code of the config's Official Account
 * (qrcode/create through core, so core's checks apply first), printed in the terminal with its URL and image URL.
 * A scene of digits only is an integer scene (scene_id); anything else is a string scene (scene_str).
 */
export async function parametricQr(io: CliIO, o: ParametricOptions): Promise<void> {
  const config = await loadConfig(io, o.config);
  const p = clientFor(config, io);
  if (p.platform !== 'oa')
    throw new CliExit(
      'wxkit qr --scene: parametric QR codes are an Official Account feature; the config is for WeCom (platform: wecom). Use `wxkit qr <url>` for a link',
      2,
    );
  if (o.permanent && o.expire !== undefined)
    throw new CliExit('wxkit qr: a permanent code has no --expire; drop one of them', 2);
  const scene = /^\d{1,10}$/.test(o.scene) ? Number(o.scene) : o.scene;
  let expireSeconds: number | undefined;
  if (o.expire !== undefined) {
    expireSeconds = Number(o.expire);
    if (!/^\d+$/.test(o.expire))
      throw new CliExit(`wxkit qr: --expire takes whole seconds (got ${o.expire})`, 2);
  }
  const request: OaQrCodeRequest = o.permanent
    ? { permanent: true, scene }
    : { scene, ...(expireSeconds !== undefined ? { expireSeconds } : {}) };
  const code = await p.client.qrcode.create(request);
  const image = p.client.qrcode.imageUrl(code.ticket);
  if (o.json) {
    io.out(
      JSON.stringify({
        ok: true,
        platform: 'oa',
        scene,
        permanent: o.permanent === true,
        ticket: code.ticket,
        url: code.url,
        image,
        ...(code.expire_seconds !== undefined ? { expireSeconds: code.expire_seconds } : {}),
      }),
    );
    return;
  }
  io.out(await QRCode.toString(code.url, { type: 'terminal', small: true }));
  io.out(code.url);
  io.out(
    `scene ${JSON.stringify(scene)} · ${code.expire_seconds !== undefined ? `expires in ${code.expire_seconds} s` : 'permanent'} · image ${image}`,
  );
}

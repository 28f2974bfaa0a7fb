import { request } from 'node:http';
import QRCode from 'qrcode';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../src/index.js';
import { forPhones, lanAddress } from '../src/lan.js';

const open: Emulator[] = [];
afterEach(async () => {
  for (const emu of open.splice(0)) await emu.close();
});

/** A GET to the emulator with a Host header of our choosing (fetch does not let a test forge Host). */
const get = (emu: Emulator, path: string, host: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const { port } = new URL(emu.url);
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += String(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('the emulator on the LAN (--host 0.0.0.0)', () => {
  it('swaps a loopback host for the LAN address in what a phone scans, and leaves real hosts alone', () => {
    expect(forPhones('http://localhost:3000/survey?id=1', '192.168.1.20')).toBe(
      'http://192.168.1.20:3000/survey?id=1',
    );
    expect(forPhones('http://127.0.0.1:3000/', '192.168.1.20')).toBe('http://192.168.1.20:3000/');
    expect(forPhones('https://app.example.com/', '192.168.1.20')).toBe('https://app.example.com/');
    expect(forPhones('http://localhost:3000/', undefined)).toBe('http://localhost:3000/');
    expect(
      lanAddress({ lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true } as never] }),
    ).toBeUndefined();
    expect(lanAddress({ eth0: [{ address: '10.1.2.3', family: 'IPv4', internal: false } as never] })).toBe(
      '10.1.2.3',
    );
  });

  it('answers phones by the LAN address, encodes it in QR codes, and still refuses other Host names', async () => {
    const emu = await createEmulator({ port: 0, host: '0.0.0.0', lanAddress: '192.168.1.20' });
    open.push(emu);
    const port = new URL(emu.url).port;
    expect(emu.lanUrl).toBe(`http://192.168.1.20:${port}`);
    const qr = await get(
      emu,
      `/_emulator/qr?text=${encodeURIComponent('http://localhost:3000/')}`,
      `192.168.1.20:${port}`,
    );
    expect(qr.status).toBe(200);
    expect(qr.body).toBe(await QRCode.toString('http://192.168.1.20:3000/', { type: 'svg', margin: 1 }));
    expect((await get(emu, '/', `192.168.1.20:${port}`)).status).toBe(200);
    expect((await get(emu, '/_emulator/state', `evil.example:${port}`)).status).toBe(403);
  });

  it('keeps loopback-only QR codes when it listens on loopback', async () => {
    const emu = await createEmulator({ port: 0 });
    open.push(emu);
    expect(emu.lanUrl).toBeUndefined();
  });
});

import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { register as authUrl } from './auth-url.js';
import { register as crypt } from './crypt.js';
import { register as dev } from './dev.js';
import { register as doctor } from './doctor.js';
import { register as emulator } from './emulator.js';
import { register as explain } from './explain.js';
import { register as init } from './init.js';
import { register as menu } from './menu.js';
import { register as menuValidate } from './menu-validate.js';
import { register as oaSend } from './oa-send.js';
import { register as parity } from './parity.js';
import { register as qr } from './qr.js';
import { register as send } from './send.js';
import { register as sign } from './sign.js';
import { register as tenants } from './tenants.js';
import { register as workbench } from './workbench.js';

/** Each command file exports one `register(program, io)`. */
export type RegisterCommand = (program: Command, io: CliIO) => void;

export const commands: RegisterCommand[] = [
  authUrl,
  crypt,
  dev,
  doctor,
  emulator,
  explain,
  init,
  menu,
  menuValidate,
  oaSend,
  parity,
  qr,
  send,
  sign,
  tenants,
  workbench,
];

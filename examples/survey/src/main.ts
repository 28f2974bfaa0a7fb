import { ConfigError, loadConfig } from './config.js';
import { requestSuiteTicket } from './isv-emulator.js';
import { registerOaCallback } from './oa-edition.js';
import { startSurvey } from './serve.js';

try {
  const config = loadConfig();
  const running = await startSurvey({ config, ownProcess: true });
  console.log(
    `问卷调查 survey app (port ${running.port})${config.emulatorHost ? `, WeChat emulator at http://${config.emulatorHost}` : ''}`,
  );
  if (config.editions.includes('wecom')) console.log(`  WeCom edition             ${config.publicUrl}/`);
  if (config.editions.includes('oa')) {
    console.log(`  Official Account edition  ${config.publicUrl}${config.oa.base}/`);
    if (config.emulatorHost) {
      // What a person does once in the MP console: save the server URL (the emulator checks it first).
      const saved = await registerOaCallback(config).catch((error: Error) => ({
        ok: false,
        reason: error.message,
      }));
      console.log(
        saved.ok
          ? `  OA callback               ${config.publicUrl}${config.oa.base}/wx/events (saved in the emulator)`
          : `  OA callback               not saved in the emulator: ${saved.reason ?? 'unknown reason'}`,
      );
    }
  }
  if (config.editions.includes('isv')) {
    const isv = `${config.publicUrl}${config.isv.base}`;
    console.log(`  third-party app edition   ${isv}/   (suite ${config.isv.suiteId})`);
    console.log(`    install link            ${isv}/wx/suite/install`);
    console.log(`    command callback        ${isv}/wx/suite/commands`);
    if (config.emulatorHost) {
      const ticket = await requestSuiteTicket(config).catch((error: Error) => ({
        ok: false,
        reason: error.message,
      }));
      console.log(
        ticket.ok
          ? '    suite_ticket            received (the emulator checked the command URL and pushed one)'
          : `    suite_ticket            not yet: ${ticket.reason ?? 'unknown reason'} (the emulator pushes one within 10 minutes)`,
      );
    }
  }
  console.log(
    `  store: ${config.redisUrl ? `Redis ${config.redisUrl.replace(/\/\/[^@]*@/, '//***@')}` : 'file'} · answers: ${config.dbPath}`,
  );
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof ConfigError ? `survey: ${error.message}` : error);
  process.exit(1);
}

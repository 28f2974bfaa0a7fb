import { ConfigError, loadConfig } from './config.js';
import { startSurvey } from './serve.js';

try {
  const config = loadConfig();
  const running = await startSurvey({ config, ownProcess: true });
  console.log(
    `问卷调查 survey app on ${config.publicUrl} (port ${running.port})${config.emulatorHost ? `, WeChat emulator at http://${config.emulatorHost}` : ''}`,
  );
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

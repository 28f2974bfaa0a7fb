export { createSurveyApp, type SurveyApp, type SurveyAppOptions } from './app.js';
export { ConfigError, DEMO, loadConfig, type SurveyConfig } from './config.js';
export { startSurvey } from './serve.js';
